// Fairs: pick booths on the plan editor's drawing, and count down a hold. Every page works without it.
(function () {
  "use strict";

  var editor = document.querySelector("[data-plan-editor]");
  if (editor) {
    var boxFor = function (id) { return document.querySelector('input[type="checkbox"][data-booth="' + id + '"]'); };
    var shapeFor = function (id) { return editor.querySelector('a[data-booth="' + id + '"]'); };
    editor.addEventListener("click", function (event) {
      var shape = event.target.closest("a[data-booth]");
      if (!shape) { return; }
      event.preventDefault();
      var box = boxFor(shape.getAttribute("data-booth"));
      if (box) {
        box.checked = !box.checked;
        shape.classList.toggle("selected", box.checked);
        shape.setAttribute("aria-pressed", box.checked ? "true" : "false");
      }
    });
    document.querySelectorAll('input[type="checkbox"][data-booth]').forEach(function (box) {
      box.addEventListener("change", function () {
        var shape = shapeFor(box.getAttribute("data-booth"));
        if (shape) { shape.classList.toggle("selected", box.checked); }
      });
    });
  }

  var countdown = document.querySelector(".countdown[data-expires]");
  if (countdown) {
    var ends = Date.parse(countdown.getAttribute("data-expires"));
    var tick = function () {
      var minutes = Math.ceil((ends - Date.now()) / 60000);
      if (minutes <= 0) {
        countdown.textContent = countdown.getAttribute("data-over");
        return;
      }
      countdown.textContent = countdown.getAttribute("data-template").replace("{n}", String(minutes));
      window.setTimeout(tick, 15000);
    };
    if (!isNaN(ends)) { tick(); }
  }
})();
