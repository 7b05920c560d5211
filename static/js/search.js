// Suggestions under the site's search box as you type. Progressive enhancement: without this
// file the box is a plain form that opens the product list.
(function () {
  "use strict";
  var input = document.getElementById("site-q");
  var list = document.getElementById("site-q-list");
  var status = document.getElementById("site-q-status");
  if (!input || !list || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var timer = null, controller = null, active = -1, last = "";

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function options() { return list.querySelectorAll("[role=option]"); }

  function highlight(index) {
    var items = options();
    if (!items.length) { return; }
    active = (index + items.length) % items.length;
    for (var i = 0; i < items.length; i++) {
      items[i].setAttribute("aria-selected", i === active ? "true" : "false");
    }
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function show(data) {
    list.innerHTML = "";
    active = -1;
    data.items.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = "site-q-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var link = document.createElement("a");
      link.href = item.url;
      link.tabIndex = -1;
      link.innerHTML = item.html;  // escaped by the server; only <mark> is markup
      var meta = document.createElement("span");
      meta.className = "suggestion-meta";
      meta.textContent = [item.producer, item.province].filter(Boolean).join(" · ");
      link.appendChild(meta);
      option.appendChild(link);
      list.appendChild(option);
    });
    var open = data.items.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    status.textContent = open ? list.getAttribute("data-count-label").replace("%d", data.items.length) : "";
  }

  function ask() {
    var query = input.value.trim();
    if (query === last) { return; }
    last = query;
    if (query.length < 2) { close(); return; }
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(query), {
      headers: { "Accept": "application/json" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : { items: [] };
    }).then(function (data) {
      if (input.value.trim() === query) { show(data); }
    }).catch(function () { /* offline or aborted: the form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = options()[active].querySelector("a").href;
    }
  });
  document.addEventListener("click", function (event) {
    if (!input.form.contains(event.target)) { close(); }
  });
})();
