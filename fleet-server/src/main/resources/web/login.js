import { api, lang, loginPage, showError } from '/ui/app.js';

await loginPage();
const other = lang() === 'vi' ? 'en' : 'vi';
const switcher = document.getElementById('lang-switch');
switcher.textContent = other === 'en' ? 'English' : 'Tiếng Việt';
switcher.addEventListener('click', () => { localStorage.setItem('fleet.lang', other); location.reload(); });

document.getElementById('login-form').addEventListener('submit', async event => {
  event.preventDefault();
  try {
    const me = await api('POST', '/api/login', {
      username: document.getElementById('username').value,
      password: document.getElementById('password').value,
    });
    location.href = me.permissions.includes('FLEET_READ') ? '/ui/fleet.html' : '/ui/content.html';
  } catch (e) {
    showError(e);
  }
});
