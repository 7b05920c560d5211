// The juror's running total while typing; the server computes and checks the real one.
(function () {
  "use strict";
  var output = document.getElementById("award-total");
  if (!output) { return; }
  var inputs = document.querySelectorAll("input[data-max]");
  function update() {
    var total = 0;
    inputs.forEach(function (input) {
      var value = parseFloat(String(input.value).replace(",", "."));
      if (!isNaN(value)) { total += value; }
    });
    var text = total.toFixed(2);
    // Written as the page's language writes it, as the server does: 83,00 in Vietnamese, 83.00 in English.
    output.textContent = document.documentElement.lang === "en" ? text : text.replace(".", ",");
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
})();
