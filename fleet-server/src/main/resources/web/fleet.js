import { api, el, formatBytes, formatTime, live, page, showError, t } from '/ui/app.js';

const MAX_ROWS = 200;
const COLUMNS = [
  ['id', 'fleet.col.id'], ['commune', 'fleet.col.commune'], ['status', 'fleet.col.status'],
  ['lastSeenAt', 'fleet.col.lastSeen'], ['cpuTemperatureC', 'fleet.col.temperature'],
  ['diskFree', 'fleet.col.disk'], ['appVersion', 'fleet.col.version'], ['activeRelease', 'fleet.col.release'],
  ['alerts', 'fleet.col.alerts'],
];
const state = { kiosks: new Map(), alerts: new Map(), sort: 'id', descending: false, place: null, redraw: false,
  hotCelsius: 75, diskLowFraction: 0.1 };

function statusOf(kiosk) {
  const problems = kiosk.problems.filter(p => p !== 'offline');
  return kiosk.online ? (problems[0] ?? 'online') : 'offline';
}

function sortValue(kiosk, key) {
  switch (key) {
    case 'status': return statusOf(kiosk);
    case 'diskFree': return kiosk.diskTotalBytes ? kiosk.diskFreeBytes / kiosk.diskTotalBytes : -1;
    case 'alerts': return state.alerts.get(kiosk.id) ?? 0;
    default: return kiosk[key] ?? '';
  }
}

function visible() {
  const text = document.getElementById('filter').value.trim().toLowerCase();
  const status = document.getElementById('status-filter').value;
  const rows = [...state.kiosks.values()].filter(k => !k.revoked)
    .filter(k => !text || [k.id, k.commune, k.communeName, k.district, k.province]
      .some(v => v && v.toLowerCase().includes(text)))
    .filter(k => !status || (status === 'online' ? k.online : k.problems.includes(status)))
    .filter(k => !state.place || state.place.every(([field, value]) => (k[field] ?? '?') === value));
  rows.sort((a, b) => {
    const x = sortValue(a, state.sort);
    const y = sortValue(b, state.sort);
    const order = x < y ? -1 : x > y ? 1 : 0;
    return state.descending ? -order : order;
  });
  return rows;
}

function row(kiosk) {
  const status = statusOf(kiosk);
  const disk = kiosk.diskTotalBytes ? `${formatBytes(kiosk.diskFreeBytes)} / ${formatBytes(kiosk.diskTotalBytes)}` : '—';
  return el('tr', { id: `kiosk-${kiosk.id}`, class: `status-${status}` },
    el('td', {}, el('a', { href: `/ui/kiosk.html?id=${encodeURIComponent(kiosk.id)}` }, kiosk.id)),
    el('td', { class: 'commune' }, `${kiosk.commune}${kiosk.communeName ? ' ' + kiosk.communeName : ''}`),
    el('td', { class: 'status' }, el('span', { class: `badge ${status}` }, t(`status.${status}`))),
    el('td', {}, formatTime(kiosk.lastSeenAt)),
    el('td', {}, kiosk.cpuTemperatureC == null ? '—' : `${kiosk.cpuTemperatureC.toFixed(1)} °C`),
    el('td', {}, disk),
    el('td', {}, kiosk.appVersion ?? '—'),
    el('td', {}, kiosk.activeRelease ?? '—'),
    el('td', { class: 'alerts' }, String(state.alerts.get(kiosk.id) ?? 0)));
}

function drawCounts() {
  const counts = { online: 0, offline: 0, hot: 0, 'disk-low': 0, 'printer-paper-out': 0, 'card-reader-missing': 0 };
  for (const k of state.kiosks.values()) {
    if (k.revoked) continue;
    counts[k.online ? 'online' : 'offline']++;
    k.problems.filter(p => p !== 'offline').forEach(p => { counts[p]++; });
  }
  document.getElementById('counts').replaceChildren(...Object.entries(counts).map(([status, count]) =>
    el('button', { class: `count ${status}`, id: `count-${status}`,
      onclick: () => { document.getElementById('status-filter').value = status; schedule(); } },
    el('strong', {}, String(count)), ' ', t(`status.${status}`))));
}

function drawTree(tree) {
  const place = (fields, label, count) => el('a', { href: '#', onclick: event => {
    event.preventDefault(); state.place = fields; schedule();
  } }, `${label} (${count[1]}/${count[0]})`);
  const sum = cells => cells.reduce((a, c) => [a[0] + c[0], a[1] + c[1]], [0, 0]);
  const all = el('a', { href: '#', onclick: e => { e.preventDefault(); state.place = null; schedule(); } }, t('fleet.tree.all'));
  const provinces = Object.entries(tree).map(([province, districts]) => {
    const districtNodes = Object.entries(districts).map(([district, communes]) => el('details', {},
      el('summary', {}, place([['province', province], ['district', district]], district, sum(Object.values(communes)))),
      el('ul', {}, Object.entries(communes).map(([commune, count]) =>
        el('li', {}, place([['province', province], ['district', district], ['commune', commune.split(' ')[0]]],
          commune, count))))));
    const total = sum(Object.values(districts).flatMap(communes => Object.values(communes)));
    return el('details', { open: true }, el('summary', {}, place([['province', province]], province, total)), districtNodes);
  });
  document.getElementById('tree').replaceChildren(all, ...provinces);
}

function draw() {
  state.redraw = false;
  const rows = visible();
  document.querySelector('#fleet-table tbody').replaceChildren(...rows.slice(0, MAX_ROWS).map(row));
  document.getElementById('shown').textContent = t('fleet.shown', { shown: Math.min(rows.length, MAX_ROWS), total: rows.length });
  drawCounts();
}

/** Many live events arrive together (a district's power cut): one redraw per animation frame. */
function schedule() {
  if (!state.redraw) {
    state.redraw = true;
    requestAnimationFrame(draw);
  }
}

async function loadAlerts() {
  try {
    const alerts = await api('GET', '/api/alerts');
    state.alerts = new Map();
    alerts.forEach(a => state.alerts.set(a.kioskId, (state.alerts.get(a.kioskId) ?? 0) + 1));
  } catch (e) {
    state.alerts = new Map(); // alerts service not available: the column shows 0
  }
}

async function load() {
  try {
    const [fleet] = await Promise.all([api('GET', '/api/fleet'), loadAlerts()]);
    state.kiosks = new Map(fleet.kiosks.map(k => [k.id, k]));
    state.hotCelsius = fleet.hotCelsius;
    state.diskLowFraction = fleet.diskLowFraction;
    drawTree(fleet.tree);
    schedule();
    document.body.dataset.loaded = 'true';
  } catch (e) {
    showError(e);
  }
}

if (await page('fleet', 'FLEET_READ')) {
  document.querySelector('#fleet-table thead tr').replaceChildren(...COLUMNS.map(([key, label]) =>
    el('th', { id: `sort-${key}`, onclick: () => {
      state.descending = state.sort === key ? !state.descending : false;
      state.sort = key;
      schedule();
    } }, t(label))));
  document.getElementById('filter').addEventListener('input', schedule);
  document.getElementById('status-filter').addEventListener('change', schedule);
  await load();
  live({
    presence: p => {
      const kiosk = state.kiosks.get(p.kioskId);
      if (!kiosk) { load(); return; }
      kiosk.online = p.online;
      kiosk.lastSeenAt = p.at;
      kiosk.problems = kiosk.problems.filter(x => x !== 'offline').concat(p.online ? [] : ['offline']);
      schedule();
    },
    health: h => {
      const kiosk = state.kiosks.get(h.kioskId);
      if (!kiosk) return;
      kiosk.cpuTemperatureC = h.cpuTemperatureC;
      kiosk.diskFreeBytes = h.diskFreeBytes;
      kiosk.diskTotalBytes = h.diskTotalBytes;
      kiosk.lastSeenAt = h.at;
      const hot = h.cpuTemperatureC != null && h.cpuTemperatureC >= state.hotCelsius;
      const low = h.diskTotalBytes > 0 && h.diskFreeBytes / h.diskTotalBytes < state.diskLowFraction;
      kiosk.problems = kiosk.problems.filter(x => x !== 'hot' && x !== 'disk-low')
        .concat(hot ? ['hot'] : [], low ? ['disk-low'] : []);
      schedule();
    },
    alert: async () => { await loadAlerts(); schedule(); },
  }, () => { if (document.body.dataset.loaded) load(); });
}
