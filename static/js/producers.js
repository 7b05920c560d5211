// Producer profile form: suggest the communes of the chosen province. The form works without this file.
(function () {
  "use strict";
  var province = document.querySelector("[data-communes-url]");
  if (!province || !window.fetch) { return; }
  var list = document.getElementById(province.getAttribute("data-communes-list"));
  if (!list) { return; }
  province.addEventListener("change", function () {
    if (!province.value) { return; }
    var url = province.getAttribute("data-communes-url") + "?province=" + encodeURIComponent(province.value);
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        while (list.firstChild) { list.removeChild(list.firstChild); }
        data.communes.forEach(function (commune) {
          var option = document.createElement("option");
          option.value = commune.name;
          list.appendChild(option);
        });
      })
      .catch(function () { /* suggestions are a convenience: the field still takes any name */ });
  });
})();
