// callscore review: select words in a turn, pick a label, and the page adds the finding.
// Offsets are counted in Unicode code points, as Python counts them, from the turn's own
// text (label tags are CSS-generated, so they are not part of the DOM's text).
(function () {
  "use strict";

  // Leave empty filters out of the list's address, so it stays short enough to share.
  var filters = document.getElementById("filters");
  if (filters) {
    filters.addEventListener("submit", function () {
      Array.prototype.forEach.call(filters.elements, function (el) {
        if (el.name && !el.value) { el.disabled = true; }
      });
    });
  }

  var form = document.getElementById("add-finding");
  var bar = document.getElementById("label-bar");
  if (!form || !bar) {
    return;
  }

  function codePoints(text) {
    return Array.from(text);
  }

  // Code points from the start of `root` up to (node, offset).
  function position(root, node, offset) {
    var range = document.createRange();
    range.setStart(root, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString()).length;
  }

  function turnTextOf(node) {
    var el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return el ? el.closest(".turn-text") : null;
  }

  function hide() {
    bar.classList.remove("open");
    bar.replaceChildren();
  }

  // The selection as {root, start, end, quote}, trimmed of white space; null if unusable.
  function currentSpan() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
      return null;
    }
    var range = sel.getRangeAt(0);
    var root = turnTextOf(range.startContainer);
    if (!root || root !== turnTextOf(range.endContainer)) {
      return null;
    }
    var chars = codePoints(root.textContent);
    var start = position(root, range.startContainer, range.startOffset);
    var end = position(root, range.endContainer, range.endOffset);
    while (start < end && /\s/.test(chars[start])) { start += 1; }
    while (end > start && /\s/.test(chars[end - 1])) { end -= 1; }
    if (start >= end) {
      return null;
    }
    return { root: root, start: start, end: end, quote: chars.slice(start, end).join("") };
  }

  function submit(span, label) {
    form.elements.label.value = label;
    form.elements.turn.value = span.root.dataset.turn;
    form.elements.start.value = String(span.start);
    form.elements.end.value = String(span.end);
    form.elements.quote.value = span.quote;
    form.submit();
  }

  function show(span, rect) {
    bar.replaceChildren();
    var allowed = (span.root.dataset.allowed || "").split(" ").filter(Boolean);
    var title = document.createElement("span");
    title.className = "dim small";
    title.textContent = allowed.length ? "Add as:" : "This speaker has no role, so the turn cannot be labelled.";
    bar.appendChild(title);
    allowed.forEach(function (label) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chip lab-" + label;
      button.dataset.label = label;
      button.textContent = label;
      button.addEventListener("click", function () { submit(span, label); });
      bar.appendChild(button);
    });
    bar.style.left = Math.max(8, rect.left + window.scrollX) + "px";
    bar.style.top = rect.bottom + window.scrollY + 6 + "px";
    bar.classList.add("open");
  }

  function onSelect(event) {
    if (event && bar.contains(event.target)) {
      return;
    }
    var span = currentSpan();
    if (!span) {
      hide();
      return;
    }
    show(span, window.getSelection().getRangeAt(0).getBoundingClientRect());
  }

  document.addEventListener("mouseup", onSelect);
  document.addEventListener("keyup", function (event) {
    if (event.key === "Escape") { hide(); return; }
    if (event.shiftKey) { onSelect(event); }
  });
  // Tests and assistive tools may select text programmatically.
  document.addEventListener("callscore:select", function () { onSelect(null); });
})();
