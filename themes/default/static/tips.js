/* Article pages: the tooltip of each entity's first mention (its name, type
 * and description), shown on hover and keyboard focus. The tips are read
 * from one file for the whole site (entities/tips.json), not repeated on
 * every page that names the entity: at 10,000 articles that repetition was
 * 55 MB of the site. Without this script the mention still links to the
 * entity's page, which says the same. The text is only ever put into the
 * page with textContent, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var body = document.querySelector(".article-body");
  if (!script || !body || !window.fetch) return;
  var links = body.querySelectorAll(":is(.m-person, .m-place, .m-organisation, .m-event, .m-concept) > a[href]");
  if (!links.length) return;

  function addTip(link, tips) {
    var id = (/\/entities\/([^\/?#]+)\/$/.exec(link.getAttribute("href")) || [])[1];
    var entry = id && Object.prototype.hasOwnProperty.call(tips.entities, id) ? tips.entities[id] : null;
    if (!entry) return;
    var tip = document.createElement("span");
    tip.className = "tip";
    tip.setAttribute("role", "tooltip");
    tip.id = "tip-" + id;
    var name = document.createElement("strong");
    name.textContent = entry[0];
    var kind = document.createElement("em");
    kind.textContent = tips.types[entry[1]] || entry[1];
    tip.append(name, " ", kind, " ", entry[2]);
    link.after(tip);
    link.setAttribute("aria-describedby", tip.id);
    link.parentNode.addEventListener("mouseenter", function () { fit(tip); });
    link.parentNode.addEventListener("focusin", function () { fit(tip); });
  }

  /* A shown tip starts under its mention; near the right edge of a narrow
   * screen it is moved left, so it never runs off the screen. */
  function fit(tip) {
    tip.style.left = "";
    var box = tip.getBoundingClientRect(), right = document.documentElement.clientWidth - 8;
    if (box.width && box.right > right) tip.style.left = -Math.min(box.right - right, box.left - 8) + "px";
  }

  fetch(script.getAttribute("data-tips"))
    .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(r.status)); })
    .then(function (tips) { links.forEach(function (link) { addTip(link, tips); }); })
    .catch(function () { /* no tooltips: the links still lead to the entity pages */ });
})();
