// Leads at the booth: read a visitor badge's QR code with the phone's camera where the browser has a
// BarcodeDetector; typing the code printed under it always works, with or without this script.
(function () {
  "use strict";

  var box = document.querySelector("[data-lead-scanner]");
  var input = document.getElementById("code");
  if (!box || !input || !("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  var video = box.querySelector("[data-scan-video]");
  var status = box.querySelector("[data-scan-status]");
  var start = box.querySelector("[data-scan-start]");
  var stream = null;
  var detector = null;

  var stop = function () {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.hidden = true;
    start.disabled = false;
  };

  var look = function () {
    if (!stream) { return; }
    detector.detect(video).then(function (codes) {
      var found = codes.map(function (c) { return c.rawValue || ""; })
        .filter(function (text) { return /^\s*CNNT-V-/i.test(text); })[0];
      if (found) {
        input.value = found.trim();
        status.textContent = box.getAttribute("data-found");
        stop();
        var first = document.querySelector('input[name="products"]');
        (first || input).focus();
      } else {
        window.setTimeout(look, 250);
      }
    }).catch(function () { window.setTimeout(look, 500); });
  };

  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") === -1) { return; }
    detector = new window.BarcodeDetector({formats: ["qr_code"]});
    box.hidden = false;
    start.addEventListener("click", function () {
      start.disabled = true;
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false}).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        status.textContent = box.getAttribute("data-starting");
        return video.play();
      }).then(look).catch(function () {
        status.textContent = box.getAttribute("data-failed");
        stop();
        input.focus();
      });
    });
  }).catch(function () { /* no detector for QR codes here: typing it is the way */ });

  window.addEventListener("pagehide", stop);
})();
