// Vault configurations and "My Vault tokens": show only the inputs the chosen auth method and scope use,
// and reopen a token dialog whose token was rejected (the server marks it data-open-on-load).
'use strict';
(function () {
  const method = document.getElementById('auth_method');
  function showAuthFields() {
    document.querySelectorAll('[data-auth-methods]').forEach((box) => {
      const on = box.getAttribute('data-auth-methods').split(' ').includes(method.value);
      box.hidden = !on;
      // hidden inputs are not sent, so a credential typed for another method never reaches the server
      box.querySelectorAll('input, textarea').forEach((i) => { i.disabled = !on; });
    });
  }
  if (method) {
    method.addEventListener('change', showAuthFields);
    showAuthFields();
  }
  const projects = document.querySelector('[data-scope-projects]');
  function showScope() {
    const only = document.getElementById('scope-projects').checked;
    projects.querySelectorAll('input').forEach((i) => { i.disabled = !only; });
  }
  if (projects) {
    document.querySelectorAll('input[name=scope]').forEach((r) => r.addEventListener('change', showScope));
    showScope();
  }
  document.querySelectorAll('dialog[data-open-on-load]').forEach((d) => d.showModal());
})();
