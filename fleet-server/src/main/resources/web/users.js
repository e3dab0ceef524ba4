import { api, el, formatTime, page, showError, showOk, t, user } from '/ui/app.js';

async function load() {
  const users = await api('GET', '/api/users');
  document.querySelector('#users tbody').replaceChildren(...users.map(u => el('tr', { id: `user-${u.username}` },
    el('td', {}, u.username), el('td', {}, u.displayName ?? ''), el('td', {}, t(`role.${u.role}`)),
    el('td', {}, u.lockedUntil ? formatTime(u.lockedUntil) : '—'),
    el('td', {}, u.username === user().username ? null : el('button', { class: 'delete', onclick: async () => {
      try {
        await api('DELETE', `/api/users/${encodeURIComponent(u.username)}`);
        await load();
      } catch (e) {
        showError(e);
      }
    } }, t('common.delete'))))));
  const audit = await api('GET', '/api/audit?limit=100');
  document.querySelector('#audit tbody').replaceChildren(...audit.map(a => el('tr', {},
    el('td', {}, formatTime(a.at)), el('td', {}, a.actor), el('td', {}, a.action), el('td', {}, a.target ?? ''),
    el('td', {}, a.detail ?? ''))));
  document.body.dataset.loaded = 'true';
}

if (await page('users', 'USERS_ADMIN')) {
  document.getElementById('user-form').addEventListener('submit', async event => {
    event.preventDefault();
    const username = document.getElementById('user-username').value.trim();
    const password = document.getElementById('user-password').value;
    try {
      await api('PUT', `/api/users/${encodeURIComponent(username)}`, {
        role: document.getElementById('user-role').value,
        displayName: document.getElementById('user-name').value || null,
        password: password || null,
      });
      showOk(t('common.saved'));
      await load();
    } catch (e) {
      showError(e);
    }
  });
  load().catch(showError);
}
