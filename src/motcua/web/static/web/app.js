/* MotCua page behaviour. Loaded as a file (the CSP forbids inline scripts). Progressive: every
   page works without it. */
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function formatBytes(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.ceil(n / 1024) + " KB";
  }

  /* <select class="js-autosubmit"> submits its form when changed. */
  function autosubmit(root) {
    root.querySelectorAll("select.js-autosubmit").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
  }

  /* <input type="file" data-max-bytes="..." data-accept-types="a,b"> checks files before upload;
     the server checks again (size and sniffed content type). */
  function fileChecks(root) {
    root.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      input.addEventListener("change", function () {
        var max = parseInt(input.getAttribute("data-max-bytes"), 10);
        var types = (input.getAttribute("data-accept-types") || "").split(",").filter(Boolean);
        var message = "";
        Array.prototype.forEach.call(input.files, function (f) {
          if (f.size > max) {
            message = (input.getAttribute("data-msg-size") || "File too large") + ": " + f.name + " (" + formatBytes(f.size) + ")";
          } else if (types.length && f.type && types.indexOf(f.type) === -1) {
            message = (input.getAttribute("data-msg-type") || "File type not accepted") + ": " + f.name;
          }
        });
        input.setCustomValidity(message);
        var out = document.getElementById(input.id + "-client-error");
        if (out) { out.textContent = message; out.hidden = !message; }
        if (message) { input.reportValidity(); }
      });
    });
  }

  /* A .table-wrap that scrolls sideways (a wide table on a small screen) must be reachable by the
     keyboard: it becomes a focusable, labelled region while it scrolls (WCAG 2.1.1; axe
     "scrollable-region-focusable"). Tables that reflow (table.stack) never need it. */
  function scrollRegions(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (!wrap.hasAttribute("tabindex")) { wrap.setAttribute("tabindex", "0"); }
        if (!wrap.hasAttribute("role")) { wrap.setAttribute("role", "region"); }
        if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
          var caption = wrap.querySelector("caption");
          var heading = wrap.previousElementSibling;
          var label = caption ? caption.textContent : (heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : "");
          if (label) { wrap.setAttribute("aria-label", label.trim()); }
        }
      }
    });
  }

  /* <input pattern="..." data-msg-pattern="..."> (the dd/mm/yyyy date inputs, core/dates.py): when
     the browser checks the pattern it says the page's message, not its own in its own language. */
  function patternMessages(root) {
    root.querySelectorAll("input[data-msg-pattern]").forEach(function (input) {
      input.addEventListener("invalid", function () {
        input.setCustomValidity(input.validity.patternMismatch ? input.getAttribute("data-msg-pattern") : "");
      });
      input.addEventListener("input", function () { input.setCustomValidity(""); });
    });
  }

  function init(root) { autosubmit(root); fileChecks(root); scrollRegions(root); patternMessages(root); }

  onReady(function () { init(document); });
  window.addEventListener("resize", function () { scrollRegions(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
