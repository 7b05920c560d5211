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
    output.textContent = total.toFixed(2);
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
})();
