// Committee session: keyboard navigation and live update. The pages work without it.
"use strict";
(function () {
  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.isContentEditable);
  }
  function follow(selector) {
    var link = document.querySelector(selector);
    if (link) { window.location.href = link.getAttribute("href"); }
  }
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      var form = event.target && event.target.form ? event.target.form : document.getElementById("form-decision");
      if (form) { event.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.submit(); }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    if (event.key === "ArrowRight" || event.key === "n") { follow("a[rel=next]"); }
    else if (event.key === "ArrowLeft" || event.key === "p") { follow("a[rel=prev]"); }
    else if (event.key === "o") { window.location.href = "/"; }
    else if (event.key === "g") { follow("#taille"); }
    else if (/^[0-9]$/.test(event.key)) {
      var radio = document.querySelector("input[name=niveau][value='" + event.key + "']");
      if (radio) { radio.checked = true; radio.focus(); event.preventDefault(); }
    }
  });
  // Live update: another screen recorded a decision, or a grid came back.
  var version = document.body.getAttribute("data-version");
  var edited = false;
  document.addEventListener("input", function () { edited = true; });
  if (version) {
    window.setInterval(function () {
      if (edited || typing(document.activeElement)) { return; }
      fetch("/etat", { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && data.version !== version) { window.location.reload(); } })
        .catch(function () {});
    }, 2000);
  }
})();
