// Flowvault credential vault pages: fields are encrypted here, in the browser, before anything is
// sent (format v2 of org.flowvault.sdk.credential.FieldCipher, byte for byte), and TOTP codes count
// down live. The pasted key lives only in this page's memory: never in storage, cookies or requests.
'use strict';
(function () {
  const V2_CONTEXT = 'flowvault-credential-v2';
  const SECRET_FIELDS = ['user_name', 'password', 'tfa_secret', 'proxy'];
  const utf8 = (s) => new TextEncoder().encode(s);

  function hex(bytes) {
    let out = '';
    for (const b of bytes) out += b.toString(16).padStart(2, '0');
    return out;
  }

  function fromHex(text) {
    const out = new Uint8Array(text.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }

  /** The associated data of a v2 field: the context label, then each part as a 4-byte big-endian length and its UTF-8 bytes. */
  function aad(version, id) {
    const parts = [String(version), id.project, id.domain, id.permissionedUserId, id.field].map(utf8);
    const context = utf8(V2_CONTEXT);
    const out = new Uint8Array(context.length + parts.reduce((n, p) => n + 4 + p.length, 0));
    const view = new DataView(out.buffer);
    out.set(context, 0);
    let at = context.length;
    for (const p of parts) {
      view.setUint32(at, p.length, false);
      out.set(p, at + 4);
      at += 4 + p.length;
    }
    return out;
  }

  /** v2:VERSION:hex(iv || ciphertext || tag) of the JSON text of {@code value}, bound to {@code id}. */
  async function encryptField(key, version, id, value) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: aad(version, id), tagLength: 128 }, key, utf8(JSON.stringify(value))));
    const out = new Uint8Array(iv.length + sealed.length);
    out.set(iv, 0);
    out.set(sealed, iv.length);
    return 'v2:' + version + ':' + hex(out);
  }

  /** Whether {@code key} decrypts the entry's stored fields of the current key version (older versions are not checked). */
  async function opens(key, version, id, stored) {
    const prefix = 'v2:' + version + ':';
    for (const f of SECRET_FIELDS) {
      const c = stored[f];
      if (typeof c !== 'string' || !c.startsWith(prefix)) continue;
      const bytes = fromHex(c.slice(prefix.length));
      try {
        await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: aad(version, { ...id, field: f }), tagLength: 128 },
          key, bytes.slice(12));
      } catch (e) {
        return false;
      }
    }
    return true;
  }

  function fieldError(form, field, message) {
    const p = document.getElementById(field + '-error');
    const input = document.getElementById(field);
    if (p && input) {
      p.textContent = message;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } else {
      const e = document.getElementById('form-error');
      e.textContent = message;
      e.hidden = false;
      e.focus();
    }
  }

  function clearErrors(form) {
    form.querySelectorAll('.field-error').forEach((p) => { p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
    const e = document.getElementById('form-error');
    e.hidden = true;
    e.textContent = '';
  }

  function number(id) {
    const v = document.getElementById(id).value.trim();
    return v === '' ? null : Number(v);
  }

  async function save(form) {
    clearErrors(form);
    const project = form.dataset.project;
    const version = Number(form.dataset.keyVersion);
    const entryId = form.dataset.entryId;
    const keyHex = document.getElementById('credential-key').value.trim();
    const fromVault = form.dataset.fromVault === 'true';
    let key = null;
    if (!fromVault) {
      if (!window.crypto || !crypto.subtle) {
        return fieldError(form, 'credential-key', 'This browser cannot encrypt here: the page must be served over HTTPS (or from localhost).');
      }
      if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) {
        return fieldError(form, 'credential-key', 'Paste the project\'s credential key: 64 hex characters (0-9, a-f).');
      }
      if (!(version >= 1)) {
        return fieldError(form, 'credential-key', 'The project has no credential key yet: an admin must generate or import one first.');
      }
      key = await crypto.subtle.importKey('raw', fromHex(keyHex), 'AES-GCM', false, ['encrypt', 'decrypt']);
    }
    const body = {
      domain: document.getElementById('domain').value.trim(),
      permissioned_user_id: document.getElementById('permissioned_user_id').value.trim(),
      allow_multiple_sessions: document.getElementById('allow_multiple_sessions').checked,
      prevent_concurrency_during_login: document.getElementById('prevent_concurrency_during_login').checked,
      persist_cookies: document.getElementById('persist_cookies').checked,
    };
    const alias = document.getElementById('user_alias').value;
    const tfa = document.getElementById('tfa_method').value;
    const editing = entryId !== '';
    // on edit an empty optional field clears the stored one; on create it is left out
    if (alias !== '' || editing) body.user_alias = alias === '' ? null : alias;
    if (tfa !== '' || editing) body.tfa_method = tfa === '' ? null : tfa;
    for (const f of ['max_concurrency', 'expire_after_last_use_days']) {
      const n = number(f);
      if (n !== null && !Number.isInteger(n)) return fieldError(form, f, 'Enter a whole number, or leave it empty.');
      if (n !== null || editing) body[f] = n;
    }
    if (!body.domain) return fieldError(form, 'domain', 'Enter the website\'s address, e.g. https://portal.example.com.');
    if (!body.permissioned_user_id) return fieldError(form, 'permissioned_user_id', 'Enter your id for the end user whose login this is.');
    const base = '/api/v1/projects/' + encodeURIComponent(project) + '/credentials';
    let stored = null;
    if (editing) {
      // ciphertexts only: they stand for the values kept, and show whether the pasted key is the right one
      stored = await flowvault.api('GET', base + '/' + encodeURIComponent(entryId));
      if (key && !(await opens(key, version, { project, domain: body.domain, permissionedUserId: body.permissioned_user_id }, stored))) {
        return fieldError(form, 'credential-key', 'This key does not open the entry\'s stored values: paste the project\'s current credential key.');
      }
    }
    for (const f of SECRET_FIELDS) {
      const input = document.getElementById(f);
      if (input.value === '' || input.disabled) continue;
      body[f] = await encryptField(key, version, {
        project, domain: body.domain, permissionedUserId: body.permissioned_user_id, field: f }, input.value);
    }
    if (editing && stored.vault) {
      // a provider-backed entry keeps naming its Vault secret
      body.vault = stored.vault;
    } else if (editing) {
      // an update names user name and password: an empty input keeps the stored ciphertext
      if (body.user_name === undefined) body.user_name = stored.user_name;
      if (body.password === undefined) body.password = stored.password;
    }
    await flowvault.api(editing ? 'PUT' : 'POST', base, body);
    SECRET_FIELDS.forEach((f) => { document.getElementById(f).value = ''; });
    window.location.assign('/projects/' + encodeURIComponent(project) + '/credentials');
  }

  const form = document.getElementById('credential-form');
  if (form) {
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const button = document.getElementById('save');
      button.disabled = true;
      save(form).catch((err) => {
        const named = err.field || ((err.message || '').match(/'([a-z_]+)'/) || [])[1];
        fieldError(form, named && document.getElementById(named + '-error') ? named : 'form', err.message || String(err));
      }).finally(() => { button.disabled = false; });
    });
  }

  // TOTP: the server computes the code (audited); the page shows it with the seconds it stays
  // valid and asks again when they run out. The secret never reaches the page.
  const table = document.getElementById('entries');
  if (table) {
    table.addEventListener('click', (ev) => {
      const button = ev.target.closest('.totp-show');
      if (button) showTotp(table.dataset.project, button);
    });
  }

  function showTotp(project, button) {
    const out = document.getElementById(button.getAttribute('aria-controls'));
    if (button.timer) {
      clearInterval(button.timer);
      button.timer = null;
      out.replaceChildren();
      button.firstChild.textContent = 'Show TOTP code';
      return;
    }
    button.firstChild.textContent = 'Hide TOTP code';
    const path = '/api/v1/projects/' + encodeURIComponent(project) + '/credentials/totp?domain='
      + encodeURIComponent(button.dataset.domain) + '&permissioned_user_id=' + encodeURIComponent(button.dataset.user);
    let left = 0;
    let fetching = false;
    const code = flowvault.el('strong', { class: 'totp-code', 'aria-live': 'polite' });
    const countdown = flowvault.el('span', { class: 'totp-left' });
    out.replaceChildren(code, ' ', countdown);
    const tick = async () => {
      if (left > 0) {
        left--;
      }
      if (left <= 0 && !fetching) {
        fetching = true;
        try {
          const t = await flowvault.api('GET', path);
          code.textContent = t.code;
          left = t.valid_for_seconds;
        } catch (err) {
          clearInterval(button.timer);
          button.timer = null;
          button.firstChild.textContent = 'Show TOTP code';
          out.replaceChildren(flowvault.el('span', { class: 'error', role: 'alert', text: err.message }));
          return;
        } finally {
          fetching = false;
        }
      }
      countdown.textContent = left > 0 ? '(valid for ' + left + ' s)' : '(refreshing…)';
      countdown.dataset.left = String(left);
    };
    button.timer = setInterval(tick, 1000);
    tick();
  }
})();
