// The run page, live: follows /api/v1/runs/{id}/events (server-sent events) and updates the status,
// steps, outputs (masked), log and a waiting run's form without reloading. Every value is set as text.
'use strict';
(function () {
  const root = document.getElementById('run');
  if (!root) return;
  const { api, el } = window.flowvault;
  const id = root.getAttribute('data-run');
  const mayReveal = root.getAttribute('data-may-reveal') === 'true';
  const $ = (sel) => document.getElementById(sel);
  let current = null;       // the last run view received
  let formStep = null;      // the step whose form is on the page
  let lastSeq = 0;
  let revealed = null;      // revealed outputs, only after the user asked

  const label = (s) => s.replace(/_/g, ' ');
  const show = (node, on) => { node.hidden = !on; };
  const text = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

  function render(view) {
    const run = view.run;
    current = run;
    const status = $('run-status');
    status.textContent = label(run.status);
    status.className = 'badge status-' + run.status;
    $('run-ended').textContent = run.finished_at || '—';
    $('run-message').textContent = run.message || '';
    show($('run-message'), !!run.message);
    $('run-error').textContent = run.error || '';
    show($('run-error'), !!run.error);
    show($('cancel-run'), !['succeeded', 'failed', 'cancelled'].includes(run.status));
    const steps = $('run-steps');
    steps.replaceChildren(...view.steps.map((s) => el('li', { 'data-step': s.id },
      el('span', { class: 'step-id', text: s.id }), ' ', el('span', { class: 'badge step-state', text: s.state }))));
    renderOutputs(run);
    renderForm(run);
  }

  function renderOutputs(run) {
    const names = Object.keys(run.outputs || {});
    show($('no-outputs'), names.length === 0);
    show($('run-outputs'), names.length > 0);
    const sensitive = new Set(run.sensitive_outputs || []);
    $('run-outputs').tBodies[0].replaceChildren(...names.map((n) => {
      const shown = revealed && sensitive.has(n) && n in revealed ? revealed[n] : run.outputs[n];
      return el('tr', { 'data-output': n }, el('th', { scope: 'row', text: n }),
        el('td', { class: sensitive.has(n) && !revealed ? 'masked' : null }, el('code', { text: text(shown) })));
    }));
    show($('reveal-outputs'), mayReveal && sensitive.size > 0);
  }

  function renderForm(run) {
    const section = $('run-form-section');
    if (run.status !== 'waiting_for_input' || !run.form) {
      show(section, false);
      $('run-form-area').replaceChildren();
      formStep = null;
      return;
    }
    if (formStep === run.current_step) return; // keep what the person typed
    formStep = run.current_step;
    const f = run.form;
    $('run-form-heading').textContent = f.subject;
    const form = el('form', { id: 'run-form', class: 'stacked', novalidate: true });
    if (f.text) form.append(el('p', { text: f.text }));
    f.fields.forEach((field, i) => {
      const fid = 'form-field-' + i;
      const wrap = el('div', { class: 'field' });
      const labelText = (field.label || field.name) + (field.required ? ' (required)' : '');
      let input;
      if (field.type === 'boolean') {
        input = el('input', { type: 'checkbox', id: fid, name: field.name });
        wrap.append(input, el('label', { for: fid, text: labelText }));
      } else if (field.choices && field.choices.length) {
        input = el('select', { id: fid, name: field.name, required: field.required, 'aria-describedby': fid + '-error' });
        if (!field.required) input.append(el('option', { value: '', text: '(none)' }));
        field.choices.forEach((c) => input.append(el('option', { value: c, text: c })));
        wrap.append(el('label', { for: fid, text: labelText }), input);
      } else {
        const type = field.secret ? 'password' : (field.type === 'number' || field.type === 'integer') ? 'number' : 'text';
        input = el('input', { type, id: fid, name: field.name, autocomplete: field.secret ? 'off' : null,
          step: field.type === 'integer' ? '1' : field.type === 'number' ? 'any' : null,
          required: field.required, 'aria-describedby': fid + '-error' });
        wrap.append(el('label', { for: fid, text: labelText }), input);
      }
      wrap.append(el('p', { class: 'field-error', id: fid + '-error' }));
      input.setAttribute('data-type', field.type);
      form.append(wrap);
    });
    form.append(el('p', { class: 'field-error', id: 'run-form-error', role: 'alert' }));
    form.append(el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'run-form-submit', text: 'Submit' })));
    form.addEventListener('submit', submitForm);
    $('run-form-area').replaceChildren(form);
    show(section, true);
  }

  async function submitForm(ev) {
    ev.preventDefault();
    const form = ev.target;
    const values = {};
    for (const input of form.querySelectorAll('input[name], select[name]')) {
      const type = input.getAttribute('data-type');
      if (type === 'boolean') values[input.name] = input.checked;
      else if (input.value === '') continue;
      else if (type === 'number' || type === 'integer') values[input.name] = Number(input.value);
      else values[input.name] = input.value;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await api('POST', '/api/v1/runs/' + id + '/input', { values });
      form.reset();
      $('run-form-error').textContent = 'Submitted; the run continues.';
    } catch (e) {
      $('run-form-error').textContent = e.message;
      button.disabled = false;
    }
  }

  function appendLog(lines) {
    const log = $('run-log');
    const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    for (const l of lines) {
      if (l.seq <= lastSeq) continue;
      lastSeq = l.seq;
      log.append(document.createTextNode(l.at + (l.step ? ' [' + l.step + '] ' : ' ') + l.line + '\n'));
    }
    if (atEnd) log.scrollTop = log.scrollHeight;
  }

  $('cancel-confirm').addEventListener('click', async () => {
    try {
      await api('POST', '/api/v1/runs/' + id + '/cancel');
      $('cancel-dialog').close();
    } catch (e) {
      $('cancel-error').textContent = e.message;
    }
  });

  $('reveal-outputs').addEventListener('click', async () => {
    const button = $('reveal-outputs');
    if (revealed) {
      revealed = null;
      button.textContent = 'Reveal sensitive outputs';
    } else {
      try {
        revealed = (await api('POST', '/api/v1/runs/' + id + '/reveal')).outputs || {};
        button.textContent = 'Hide sensitive outputs';
        $('reveal-error').textContent = '';
      } catch (e) {
        $('reveal-error').textContent = e.message;
        return;
      }
    }
    if (current) renderOutputs(current);
  });

  const source = new EventSource('/api/v1/runs/' + id + '/events');
  source.addEventListener('run', (ev) => render(JSON.parse(ev.data)));
  source.addEventListener('log', (ev) => appendLog(JSON.parse(ev.data).lines));
  source.addEventListener('end', () => { source.close(); $('run-live').textContent = ''; });
  source.addEventListener('open', () => { $('run-live').textContent = '(live)'; });
  source.addEventListener('error', () => { if (source.readyState !== EventSource.CLOSED) $('run-live').textContent = '(reconnecting…)'; });
})();
