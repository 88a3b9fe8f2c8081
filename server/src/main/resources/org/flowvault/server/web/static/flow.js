// Flow editor: a problem's "Line L, column C" button puts the caret there in the YAML document.
'use strict';
(function () {
  document.addEventListener('click', (ev) => {
    const b = ev.target.closest('.problem-at');
    if (!b) return;
    const form = b.closest('form');
    const area = form && form.querySelector('textarea[name="source"]');
    if (!area) return;
    const line = Number(b.getAttribute('data-line')), column = Number(b.getAttribute('data-column'));
    const lines = area.value.split('\n');
    let at = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) at += lines[i].length + 1;
    at += Math.max(0, column - 1);
    area.focus();
    area.setSelectionRange(at, at);
    ev.preventDefault();
  });
})();
