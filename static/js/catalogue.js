// Catalogue pages: open the filter panel on wide screens. Every page works without this file.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 56rem)");
  var panels = document.querySelectorAll("details[data-open-wide]");
  function sync() {
    for (var i = 0; i < panels.length; i++) {
      // On a phone the filters stay folded so the products come first; on a desktop they sit beside them.
      if (wide.matches) { panels[i].setAttribute("open", ""); }
    }
  }
  sync();
  if (wide.addEventListener) { wide.addEventListener("change", sync); }
})();
