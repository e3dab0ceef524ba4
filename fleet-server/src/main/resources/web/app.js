// Shared by every page: i18n, the API client (CSRF header on mutations), navigation by permission,
// and DOM building that only ever sets text (never innerHTML with data).

const LANG_KEY = 'fleet.lang';
let dictionary = {};
let current = null;

export function lang() {
  return localStorage.getItem(LANG_KEY) || 'vi';
}

export function t(key, values = {}) {
  const text = dictionary[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

/** Builds an element; children are nodes or strings (strings become text nodes, never markup). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = current?.csrfToken ?? '';
    if (body !== undefined) headers['Content-Type'] = typeof body === 'string' ? 'text/csv' : 'application/json';
  }
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    if (response.status === 401 && !location.pathname.endsWith('/login.html')) {
      location.href = '/ui/login.html';
    }
    throw new ApiError(response.status, data?.error ?? String(data));
  }
  return data;
}

export function can(permission) {
  return current?.permissions?.includes(permission) ?? false;
}

export function user() {
  return current;
}

async function loadDictionary() {
  const response = await fetch(`/ui/i18n-${lang()}.json`);
  dictionary = await response.json();
  document.documentElement.lang = lang();
}

/** Every [data-i18n] element gets its text from the dictionary. */
export function translate(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
}

const PAGES = [
  ['fleet', 'FLEET_READ'], ['alerts', 'FLEET_READ'], ['analytics', 'FLEET_READ'],
  ['content', 'CONTENT_READ'], ['users', 'USERS_ADMIN'],
];

function nav(active) {
  const links = PAGES.filter(([, permission]) => can(permission)).map(([page]) =>
    el('a', { href: `/ui/${page}.html`, class: page === active ? 'active' : null, id: `nav-${page}` }, t(`nav.${page}`)));
  const other = lang() === 'vi' ? 'en' : 'vi';
  return el('nav', {},
    el('span', { class: 'brand' }, t('app.title')), ...links,
    el('span', { class: 'spacer' }),
    el('span', { id: 'whoami' }, `${current.displayName || current.username} (${t('role.' + current.role)})`),
    el('button', { id: 'lang', onclick: () => { localStorage.setItem(LANG_KEY, other); location.reload(); } },
      other === 'en' ? 'English' : 'Tiếng Việt'),
    el('button', { id: 'logout', onclick: async () => { await api('POST', '/api/logout'); location.href = '/ui/login.html'; } },
      t('nav.logout')));
}

/**
 * Starts a page: loads the language, the logged-in user (else to the login page), draws the
 * navigation, and refuses the page when the role lacks its permission (the API refuses too).
 */
export async function page(active, permission) {
  await loadDictionary();
  try {
    current = await api('GET', '/api/me');
  } catch (e) {
    location.href = '/ui/login.html';
    return false;
  }
  document.body.prepend(nav(active));
  translate();
  if (permission && !can(permission)) {
    document.querySelector('main').replaceChildren(el('p', { class: 'error', id: 'forbidden' }, t('error.forbidden')));
    return false;
  }
  return true;
}

export async function loginPage() {
  await loadDictionary();
  translate();
}

/** Live events; reconnects by itself. onOpen runs on every (re)connection, to reload what was missed. */
export function live(handlers, onOpen) {
  const source = new EventSource('/api/events');
  source.onopen = () => { document.body.dataset.live = 'open'; onOpen?.(); };
  source.onerror = () => { document.body.dataset.live = 'closed'; };
  for (const [type, handler] of Object.entries(handlers)) {
    source.addEventListener(type, message => handler(JSON.parse(message.data).payload));
  }
  return source;
}

export function formatTime(iso) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB', { hour12: false });
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function showError(error) {
  const box = document.getElementById('message');
  if (box) {
    box.className = 'error';
    box.textContent = error instanceof ApiError ? `${t('error.prefix')} ${error.message}` : String(error);
  }
}

export function showOk(text) {
  const box = document.getElementById('message');
  if (box) {
    box.className = 'ok';
    box.textContent = text;
  }
}
