// The communes of the chosen province in a postal address form (postal/_address_fields.html).
(function () {
  "use strict";
  function fill(select) {
    var target = document.getElementById(select.getAttribute("data-communes-target"));
    if (!target) { return; }
    var url = select.getAttribute("data-communes-url") + "?tinh=" + encodeURIComponent(select.value);
    target.disabled = true;
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        while (target.options.length > 1) { target.remove(1); }
        data.communes.forEach(function (c) { target.add(new Option(c.name, c.code)); });
      })
      .finally(function () { target.disabled = false; });
  }
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-communes-url")) { fill(el); }
  });
})();
