/* The "Embed" section's copy button: shown only with JavaScript (without it, the code is
   selected and copied from its read-only field by hand). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    var button = buttons[i];
    button.hidden = false;
    button.addEventListener("click", function (event) {
      var button = event.currentTarget, field = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector("[role=status]");
      function done() { if (status) status.textContent = button.getAttribute("data-copied"); }
      field.focus();
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { if (document.execCommand("copy")) done(); });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  }
})();
