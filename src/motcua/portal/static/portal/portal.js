/* Citizen portal: move focus to the error summary so screen readers and keyboard users land on it. */
(function () {
  "use strict";
  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }
  if (document.readyState !== "loading") { focusErrors(); } else { document.addEventListener("DOMContentLoaded", focusErrors); }
})();
