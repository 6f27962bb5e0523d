// The signed-in operator changes their own password (POST /auth/password): the
// current one is required; the account's other sessions end, this one stays.
import { api } from './api.js';

export function initPasswordForm() {
  const form = document.getElementById('password-form');
  const result = document.getElementById('password-result');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    result.textContent = '';
    try {
      await api('/auth/password', { method: 'POST', body: { current: String(data.get('current')), next: String(data.get('next')) } });
      form.reset();
      result.dataset.kind = 'ok';
      result.textContent = 'Password changed: your other sessions have ended.';
    } catch (err) {
      result.dataset.kind = 'error';
      result.textContent = err.status === 429 ? 'Too many failed attempts: try again later.' : `Not changed (${err.status || 'no answer'}): ${err.message}.`;
    }
  });
}
