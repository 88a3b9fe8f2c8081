// Flowvault web UI: what every page shares. No framework; loaded with `defer`, never inline.
'use strict';
window.flowvault = (function () {
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  /** Calls the REST API with the session cookie and the page's CSRF token; resolves to the JSON answer. */
  async function api(method, path, body) {
    const init = { method, headers: { 'X-CSRF-Token': csrf(), 'Accept': 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(path, init);
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const err = new Error(json && json.error ? json.error.message : ('HTTP ' + res.status));
      err.status = res.status;
      err.reason = json && json.error ? json.error.reason : undefined;
      err.field = json && json.error ? json.error.field : undefined;
      throw err;
    }
    return json;
  }

  /** Text node helper: values are always inserted as text, never as HTML. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  // <button data-open-dialog="ID"> opens the <dialog id=ID> modally (Esc closes, focus stays inside);
  // <button data-close-dialog> closes its dialog.
  document.addEventListener('click', (ev) => {
    const opener = ev.target.closest('[data-open-dialog]');
    if (opener) {
      const d = document.getElementById(opener.getAttribute('data-open-dialog'));
      if (d && !d.open) { d.showModal(); ev.preventDefault(); }
    }
    const closer = ev.target.closest('[data-close-dialog]');
    if (closer) { const d = closer.closest('dialog'); if (d) { d.close(); ev.preventDefault(); } }
  });

  // <form data-confirm="question"> asks before submitting (deletes, forgets).
  document.addEventListener('submit', (ev) => {
    const q = ev.target.getAttribute && ev.target.getAttribute('data-confirm');
    if (q && !window.confirm(q)) ev.preventDefault();
  });

  return { api, el, csrf };
})();
