/* PAKN form: show only the additional fields of the chosen category (all are shown without JavaScript). */
(function () {
  "use strict";
  function init() {
    var select = document.getElementById("id_category");
    var groups = document.querySelectorAll(".category-attributes[data-category]");
    if (!select || !groups.length) { return; }
    function show() {
      for (var i = 0; i < groups.length; i++) {
        groups[i].hidden = groups[i].getAttribute("data-category") !== select.value;
      }
    }
    select.addEventListener("change", show);
    show();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
