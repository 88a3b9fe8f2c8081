// Connections: the key-icon picker (browse Vault as yourself, insert a reference or attach a
// secret), the per-field key buttons, the preview and the cache refresh. Values are only ever
// inserted as text; the browse API returns key names, never values.
'use strict';
(function () {
  const { api, el } = window.flowvault;

  // A dialog re-rendered with a validation error opens again (the list page's "New connection").
  document.querySelectorAll('dialog[data-open-on-load]').forEach((d) => d.showModal());

  const editor = document.getElementById('connection-editor');
  if (!editor) return;
  const project = editor.dataset.project;
  const connection = editor.dataset.connection;
  const base = '/api/v1/projects/' + encodeURIComponent(project);
  const value = document.getElementById('value');
  const fields = document.getElementById('value-fields');
  const attached = document.getElementById('attached-secrets');

  // ---- the fields of the value: a key button beside each top-level key of the YAML
  const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)[ \t]*:(?=\s|$)/;
  function topLevelKeys() {
    const keys = [];
    for (const line of value.value.split('\n')) {
      const m = KEY_LINE.exec(line);
      if (m && !keys.includes(m[1])) keys.push(m[1]);
    }
    return keys;
  }
  function renderFields() {
    fields.replaceChildren(...topLevelKeys().map((k) => el('li', {}, el('code', { text: k }), ' ',
      el('button', { type: 'button', class: 'icon-button key-pick', 'data-field': k, 'aria-label': 'Pick a Vault secret for ' + k, title: 'Pick a Vault secret for ' + k }))));
  }
  value.addEventListener('input', renderFields);
  renderFields();

  /** YAML scalar for a reference: plain when safe, else single-quoted ('' inside). */
  function yamlScalar(text) {
    return /: | #|^['"&*!|>%@`{[]|'/.test(text) ? "'" + text.replace(/'/g, "''") + "'" : text;
  }
  function insertReference(field, reference) {
    const lines = value.value.split('\n');
    const i = lines.findIndex((l) => { const m = KEY_LINE.exec(l); return m && m[1] === field; });
    const line = field + ': ' + yamlScalar(reference);
    if (i >= 0) lines[i] = line; else lines.push(line);
    value.value = lines.join('\n');
    renderFields();
  }

  // ---- attached secrets
  function addAttached(entry) {
    const present = [...attached.querySelectorAll('input[name="vault_secrets"]')].some((i) => i.value === entry);
    if (present) return;
    attached.append(el('li', {}, el('code', { text: entry }), el('input', { type: 'hidden', name: 'vault_secrets', value: entry }), ' ',
      el('button', { type: 'button', class: 'secondary remove-secret', 'aria-label': 'Remove ' + entry, text: 'Remove' })));
  }
  attached.addEventListener('click', (ev) => {
    const b = ev.target.closest('.remove-secret');
    if (b) b.closest('li').remove();
  });

  // ---- the picker
  const dialog = document.getElementById('picker');
  const configSelect = document.getElementById('picker-config');
  const pathInput = document.getElementById('picker-path');
  const entries = document.getElementById('picker-entries');
  const status = document.getElementById('picker-status');
  const locationText = document.getElementById('picker-location');
  const purpose = document.getElementById('picker-purpose');
  let target = null; // {field} to insert a reference, or {attach: true}

  async function browse(path) {
    status.textContent = 'Loading…';
    entries.replaceChildren();
    const q = '?config=' + encodeURIComponent(configSelect.value) + (path ? '&path=' + encodeURIComponent(path) : '');
    try {
      const l = await api('GET', base + '/vault-browse' + q);
      show(l);
    } catch (e) {
      status.textContent = e.message;
      locationText.textContent = '';
    }
  }

  function show(l) {
    pathInput.value = l.path || '';
    locationText.textContent = l.kind === 'mounts' ? 'Mounts you can see' : (l.kind === 'secret' ? 'Secret ' : 'Folder ') + l.path;
    const items = [];
    if (l.path) {
      const up = parentOf(l.path);
      items.push(el('li', {}, el('button', { type: 'button', class: 'link', text: 'Up', 'aria-label': 'Up to ' + (up || 'the mounts'),
        onclick: () => browse(up) })));
    }
    if (l.kind === 'secret' && target && target.attach) {
      items.push(el('li', {}, el('button', { type: 'button', class: 'pick-attach', text: 'Attach ' + l.attach,
        onclick: () => { addAttached(l.attach); dialog.close(); } })));
    }
    for (const e of l.entries) {
      if (e.kind === 'key') {
        if (target && target.field) {
          items.push(el('li', {}, el('button', { type: 'button', class: 'pick-key', 'data-key': e.name,
            text: 'Insert key ' + e.name, onclick: () => { insertReference(target.field, e.reference); dialog.close(); } })));
        } else {
          items.push(el('li', { class: 'muted' }, 'key ', el('code', { text: e.name })));
        }
      } else {
        items.push(el('li', {}, el('button', { type: 'button', class: 'link browse-entry', 'data-kind': e.kind, text: e.name,
          'aria-label': (e.kind === 'secret' ? 'Open secret ' : 'Open ' + e.kind + ' ') + e.name, onclick: () => browse(e.path) })));
      }
    }
    entries.replaceChildren(...items);
    status.textContent = l.entries.length === 0 ? 'Nothing here that you may list or read.' : l.entries.length + ' entries';
  }

  function parentOf(path) {
    const trimmed = path.replace(/\/$/, '');
    const i = trimmed.lastIndexOf('/');
    return i < 0 ? '' : trimmed.slice(0, i + 1);
  }

  async function openPicker(t) {
    target = t;
    purpose.textContent = t.attach ? 'Choose a secret: every key of it becomes an input of this connection.'
      : 'Choose a key: a reference to it is written into the field "' + t.field + '".';
    entries.replaceChildren();
    locationText.textContent = '';
    dialog.showModal();
    if (configSelect.options.length === 0) {
      try {
        const l = await api('GET', base + '/vault-browse');
        configSelect.replaceChildren(...l.entries.map((e) => el('option', { value: e.name, text: e.name })));
      } catch (e) {
        status.textContent = e.message;
        return;
      }
      if (configSelect.options.length === 0) {
        status.textContent = 'No vault configuration is available to this project; ask an admin to add one.';
        return;
      }
    }
    browse('');
  }

  configSelect.addEventListener('change', () => browse(''));
  document.getElementById('picker-go').addEventListener('submit', (ev) => { ev.preventDefault(); browse(pathInput.value.trim()); });
  document.getElementById('attach-secret').addEventListener('click', () => openPicker({ attach: true }));
  fields.addEventListener('click', (ev) => {
    const b = ev.target.closest('.key-pick');
    if (b) openPicker({ field: b.dataset.field });
  });

  // ---- preview and refresh
  const previewStatus = document.getElementById('preview-status');
  const previewTable = document.getElementById('preview-table');
  const conn = base + '/connections/' + encodeURIComponent(connection);
  function sourceText(s) {
    if (s.kind === 'value') return 'the value';
    if (s.kind === 'override') return 'an override';
    const where = (s.origins || []).map((o) => o.config + ':' + o.path).join(', ');
    return (s.kind === 'reference' ? 'Vault reference: ' : 'Vault secret: ') + where;
  }
  function shown(v) {
    return typeof v === 'string' ? v : JSON.stringify(v);
  }
  document.getElementById('preview-button').addEventListener('click', async () => {
    previewStatus.textContent = 'Resolving…';
    try {
      const r = await api('GET', conn + '/preview');
      const rows = Object.keys(r.inputs).map((k) => el('tr', { 'data-key': k }, el('th', { scope: 'row', text: k }),
        el('td', { class: 'source', text: sourceText(r.sources[k]) }),
        el('td', { class: 'masked-value', text: shown(r.inputs[k]) })));
      previewTable.tBodies[0].replaceChildren(...rows);
      previewTable.hidden = false;
      previewStatus.textContent = rows.length + ' inputs' + (r.stale ? ' (a secret was served from the cache after Vault failed)' : '');
    } catch (e) {
      previewTable.hidden = true;
      previewStatus.textContent = 'Preview failed: ' + e.message;
    }
  });
  document.getElementById('refresh-button').addEventListener('click', async () => {
    previewStatus.textContent = 'Refreshing…';
    try {
      await api('POST', conn + '/refresh');
      previewStatus.textContent = 'Cache refreshed: the next use reads the secrets from Vault again.';
    } catch (e) {
      previewStatus.textContent = 'Refresh failed: ' + e.message;
    }
  });
})();
