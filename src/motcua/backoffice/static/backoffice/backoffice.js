/* Back office behaviour (a file: the CSP forbids inline scripts). Every page works without it. */
(function () {
  "use strict";
  function onReady(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  onReady(function () {
    /* An action's error is summarised at the top of the page: move the focus there first.
       Otherwise, after an action that prints a form, put the keyboard on the print link. */
    var summary = document.getElementById("error-summary");
    var link = document.querySelector(".js-print-now");
    if (summary) { summary.focus(); } else if (link) { link.focus(); }
    /* Ticking a supplement item moves to its reason. */
    document.querySelectorAll(".supplement-item input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () {
        var reason = box.closest(".supplement-item").querySelector("input[type=text]");
        if (box.checked && reason) { reason.required = true; reason.focus(); } else if (reason) { reason.required = false; }
      });
    });
    /* After looking up an earlier applicant: back to the look-up on an error, else on to the name. */
    var lookup = document.getElementById("lookup-result");
    if (lookup) {
      var next = document.getElementById(lookup.classList.contains("error") ? "lookup-id" : "id_applicant_name");
      if (next) { next.focus(); }
    }
    /* Choosing a scan ticks "received" for that document. */
    document.querySelectorAll(".doc-row input[type=file]").forEach(function (input) {
      input.addEventListener("change", function () {
        var box = input.closest(".doc-row").querySelector("input[type=checkbox]");
        if (box && input.files.length) { box.checked = true; }
      });
    });
  });
})();
