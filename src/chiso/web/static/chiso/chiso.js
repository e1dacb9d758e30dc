/* What every page does in the browser, kept in a file so the Content-Security-Policy allows no inline code:
   a select marked data-submit-on-change (the language in the top bar) sends its form as soon as it changes. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute("data-submit-on-change") && select.form) {
      select.form.submit();
    }
  });
}());
