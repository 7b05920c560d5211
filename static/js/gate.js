// The fair's gate: read a badge (camera or typed), show at once whether it may enter, and record it.
// Every scan goes into a queue kept in localStorage first, then is sent in batches; when the network is
// down the queue waits and is sent when it returns. The server answers each scan once (scan ids make a
// resend harmless) and counts a badge once a day. The service worker keeps this page for offline reloads.
const root = document.getElementById("gate");
const CODE = /^CNNT-([EV])-([1-9][0-9]{0,11})-([A-Z2-7]{8})$/;
const fairId = root.dataset.fair;
const keys = { list: `cnnt-gate:${fairId}:list`, queue: `cnnt-gate:${fairId}:queue` };
const say = (name, n) => (root.dataset[`msg-${name}`.replace(/-([a-z_])/g, (_, c) => c.toUpperCase())] || name)
  .replace("{n}", n);
let csrf = root.dataset.csrf;
let sending = false;

const load = (key, fallback) => {
  try { return JSON.parse(localStorage.getItem(key)) ?? fallback; } catch { return fallback; }
};
const save = (key, value) => localStorage.setItem(key, JSON.stringify(value));
let list = load(keys.list, { day: null, exhibitor_badges: [], already_in: [], entries_today: 0 });
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());

function scanId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function showStatus() {
  const waiting = load(keys.queue, []).length;
  document.getElementById("gate-network").textContent = navigator.onLine ? say("online") : say("offline");
  document.getElementById("gate-waiting").textContent = say("waiting", waiting);
  document.getElementById("gate-entries").textContent = say("entries", list.entries_today || 0);
  root.dataset.waiting = String(waiting);
}

function showResult(status, label, extra) {
  const box = document.getElementById("gate-result");
  box.hidden = false;
  box.className = `gate-result gate-${status}`;
  box.textContent = [say(status), label, extra].filter(Boolean).join(" ");
}

function logLine(scan, status, label) {
  let item = document.getElementById(`scan-${scan.scan_id}`);
  if (!item) {
    item = document.createElement("li");
    item.id = `scan-${scan.scan_id}`;
    document.getElementById("gate-log").prepend(item);
  }
  const time = new Date(scan.scanned_at).toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" });
  item.className = `gate-${status}`;
  item.dataset.status = status;
  item.textContent = `${time} · ${label || scan.code} · ${say(status)}`;
}

// What this phone can tell by itself: an exhibitor badge from today's list, one already in, a visitor's
// code of the right shape (its signature is checked by the server when the scan arrives).
function localVerdict(kind, number, code) {
  if (list.day === today() && list.already_in.includes(`${kind}-${number}`)) return ["already_in", ""];
  if (kind === "E") {
    const badge = list.exhibitor_badges.find((b) => b.code === code);
    return badge ? ["checked_in", `${badge.label} · ${badge.booths}`] : ["unknown", ""];
  }
  return [navigator.onLine ? "checked_in" : "queued", say("visitor")];
}

function handleCode(raw) {
  const code = (raw || "").replace(/\s+/g, "").toUpperCase();
  const match = CODE.exec(code);
  if (!match) {
    showResult("unreadable");
    return false;
  }
  const [, kind, number] = match;
  const scan = { scan_id: scanId(), code, scanned_at: new Date().toISOString() };
  save(keys.queue, [...load(keys.queue, []), scan]);
  const [verdict, label] = localVerdict(kind, number, code);
  if (list.day === today() && verdict !== "already_in") list.already_in.push(`${kind}-${number}`);
  if (navigator.onLine && verdict !== "already_in") {
    logLine(scan, "sending", label); // the server's answer follows in a moment
  } else {
    showResult(verdict, label, navigator.onLine ? "" : say("queued"));
    logLine(scan, navigator.onLine ? verdict : "queued", label);
  }
  showStatus();
  send();
  return true;
}

async function refreshList() {
  try {
    const response = await fetch(root.dataset.listUrl, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) return false;
    const fresh = await response.json();
    csrf = fresh.csrf_token || csrf;
    const pending = load(keys.queue, []);
    list = { ...fresh, already_in: fresh.already_in };
    save(keys.list, list);
    if (pending.length === 0) showStatus();
    return true;
  } catch {
    return false;
  }
}

async function post(batch) {
  return fetch(root.dataset.postUrl, {
    method: "POST", credentials: "same-origin", cache: "no-store",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
    body: JSON.stringify({ scans: batch }),
  });
}

// Send the queue, 200 scans a request. A scan leaves the queue only once the server has answered it.
async function send() {
  if (sending) return;
  sending = true;
  try {
    for (;;) {
      const queue = load(keys.queue, []);
      if (queue.length === 0) break;
      const batch = queue.slice(0, 200);
      let response;
      try {
        response = await post(batch);
        if (response.status === 400 && await refreshList()) response = await post(batch); // an old token
      } catch {
        // Scans shown as "checking" (the phone thought it was online) now wait in the queue.
        const unsent = batch.filter((s) => document.getElementById(`scan-${s.scan_id}`)?.dataset.status === "sending");
        unsent.forEach((scan) => logLine(scan, "queued", ""));
        if (unsent.length) showResult("queued");
        break; // offline: try again when the network returns
      }
      if (response.status === 401 || response.status === 403) {
        showResult("withdrawn", say("signin"));
        break;
      }
      if (!response.ok) break;
      const answer = await response.json();
      const done = new Set(answer.results.map((r) => r.scan_id));
      save(keys.queue, load(keys.queue, []).filter((s) => !done.has(s.scan_id)));
      list.entries_today = answer.entries_today;
      for (const result of answer.results) {
        const scan = batch.find((s) => s.scan_id === result.scan_id);
        logLine(scan, result.status, result.label);
        if (result.kind && ["checked_in", "already_in"].includes(result.status)) {
          const key = `${result.kind}-${result.number}`;
          if (!list.already_in.includes(key)) list.already_in.push(key);
        }
      }
      save(keys.list, list);
      if (answer.results.length === 1 && batch.length === 1) {
        const [result] = answer.results;
        showResult(result.status, result.label);
      }
    }
  } finally {
    sending = false;
    showStatus();
  }
}

// --- the camera: the browser's BarcodeDetector where it reads QR codes, else the vendored decoder ---
let stream = null;
let lastCode = "";
let lastAt = 0;

async function makeDetector() {
  if ("BarcodeDetector" in window) {
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) {
        const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        return async (video) => (await detector.detect(video))[0]?.rawValue;
      }
    } catch { /* fall through to the decoder */ }
  }
  const { default: decodeQR } = await import(root.dataset.decoderUrl);
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    const width = Math.min(video.videoWidth, 800);
    const height = Math.round(video.videoHeight * (width / video.videoWidth));
    if (!width || !height) return undefined;
    canvas.width = width;
    canvas.height = height;
    context.drawImage(video, 0, 0, width, height);
    try { return decodeQR(context.getImageData(0, 0, width, height)); } catch { return undefined; }
  };
}

async function startCamera(button) {
  const finder = document.getElementById("gate-viewfinder");
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch {
    showResult("unreadable", say("nocamera"));
    return;
  }
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.setAttribute("aria-hidden", "true");
  video.srcObject = stream;
  finder.replaceChildren(video);
  finder.hidden = false;
  button.textContent = say("camera-on");
  await video.play();
  const detect = await makeDetector();
  const tick = async () => {
    if (!stream) return;
    const text = video.readyState >= 2 ? await detect(video) : undefined;
    const now = Date.now();
    if (text && (text !== lastCode || now - lastAt > 3000)) {
      lastCode = text;
      lastAt = now;
      handleCode(text);
    }
    setTimeout(tick, 250);
  };
  tick();
}

function stopCamera(button) {
  stream?.getTracks().forEach((track) => track.stop());
  stream = null;
  document.getElementById("gate-viewfinder").hidden = true;
  button.textContent = say("camera-off");
}

function setUp() {
  const button = document.getElementById("gate-camera");
  if (navigator.mediaDevices?.getUserMedia) {
    button.hidden = false;
    button.addEventListener("click", () => (stream ? stopCamera(button) : startCamera(button)));
  }
  document.getElementById("gate-typed").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("gate-code");
    if (handleCode(input.value)) input.value = "";
    input.focus();
  });
  window.addEventListener("online", () => { showStatus(); refreshList().then(send); });
  window.addEventListener("offline", showStatus);
  setInterval(() => { if (navigator.onLine && load(keys.queue, []).length) send(); }, 15000);
  for (const scan of load(keys.queue, [])) logLine(scan, "queued", "");
  showStatus();
  refreshList().then(send);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.swUrl).then(() => navigator.serviceWorker.ready).then(() => {
      // The page and what it loads, kept for a reload without network (the worker answers from them).
      const assets = [location.pathname, root.dataset.decoderUrl, root.dataset.decoderUrl.replace("decode.js", "index.js"),
        ...Array.from(document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon]"),
          (el) => el.src || el.href)];
      return caches.open("cnnt-gate-v1").then((cache) => cache.addAll(assets));
    }).then(() => { root.dataset.offlineReady = "true"; }).catch(() => { /* no offline reload on this browser: the queue still works */ });
  }
  root.dataset.ready = "true";
}

setUp();
