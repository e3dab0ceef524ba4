import { api, can, el, formatBytes, formatTime, lang, live, page, showError, showOk, t } from '/ui/app.js';

const id = new URLSearchParams(location.search).get('id') ?? '';
const charts = {};
const commands = new Map();

function chart(canvasId, color) {
  // Chart is the UMD global from the Chart.js WebJar; animation off so live points appear at once.
  return new window.Chart(document.getElementById(canvasId), {
    type: 'line',
    data: { datasets: [{ data: [], borderColor: color, backgroundColor: color, pointRadius: 2, borderWidth: 1.5 }] },
    options: {
      animation: false, parsing: false, responsive: true, maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { x: { type: 'linear', ticks: { maxTicksLimit: 6, callback: v => new Date(v).toLocaleTimeString(
        lang() === 'vi' ? 'vi-VN' : 'en-GB', { hour12: false, hour: '2-digit', minute: '2-digit' }) } } },
    },
  });
}

function addPoint(sample) {
  const ts = typeof sample.at === 'string' ? Date.parse(sample.at) : sample.ts;
  const points = {
    temperature: sample.cpuTemperatureC,
    load: sample.loadAverage1m,
    memory: sample.memoryAvailableBytes / 1048576,
    disk: sample.diskFreeBytes / 1073741824,
  };
  for (const [name, value] of Object.entries(points)) {
    if (value === null || value === undefined || Number.isNaN(value)) continue;
    charts[name].data.datasets[0].data.push({ x: ts, y: value });
  }
}

function redrawCharts() {
  Object.values(charts).forEach(c => c.update('none'));
}

function summary(kiosk) {
  const health = kiosk.lastHealth ?? {};
  const card = (key, value) => el('div', { class: 'card' }, el('span', {}, t(key)), el('strong', { id: `summary-${key.split('.').pop()}` }, value));
  document.getElementById('summary').replaceChildren(
    card('kiosk.commune', kiosk.commune),
    card('kiosk.status', t(kiosk.online ? 'status.online' : 'status.offline')),
    card('kiosk.lastSeen', formatTime(kiosk.lastSeenAt)),
    card('kiosk.version', kiosk.appVersion ?? '—'),
    card('kiosk.disk', `${formatBytes(health.diskFreeBytes)} / ${formatBytes(health.diskTotalBytes)}`),
    card('kiosk.os', health.osVersion ?? '—'));
  const peripherals = Object.entries(health.peripherals ?? {});
  document.getElementById('peripherals').replaceChildren(...(peripherals.length === 0
    ? [el('li', {}, t('kiosk.none'))]
    : peripherals.map(([name, p]) => el('li', { class: p.present ? 'ok' : 'problem' },
      `${name}: ${p.present ? t('kiosk.present') : t('kiosk.absent')} — ${p.state}${p.detail ? ' (' + p.detail + ')' : ''}`))));
}

function commandRow(command) {
  const result = command.result
    ? (command.name === 'screenshot'
      ? el('img', { src: command.result, alt: t('command.screenshot'), class: 'screenshot', id: `result-${command.id}` })
      : el('a', { href: command.result, target: '_blank', rel: 'noopener' }, t('command.open')))
    : '—';
  return el('tr', { id: `command-${command.id}`, class: `state-${command.state}` },
    el('td', {}, command.name), el('td', { class: 'state' }, t(`command.state.${command.state}`)),
    el('td', {}, formatTime(command.createdAt)), el('td', {}, command.createdBy ?? ''),
    el('td', {}, formatTime(command.expiresAt)), el('td', {}, command.detail ?? ''), el('td', {}, result));
}

function drawCommands() {
  const rows = [...commands.values()].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  document.querySelector('#commands tbody').replaceChildren(...rows.map(commandRow));
}

async function loadCommands() {
  try {
    (await api('GET', `/api/kiosks/${encodeURIComponent(id)}/commands`)).forEach(c => commands.set(c.id, c));
    drawCommands();
  } catch (e) {
    if (e.status !== 404) showError(e);
  }
}

/** Desired vs reported config version, and the kiosk's refusal (the key it named) if any. */
async function loadConfig() {
  const config = await api('GET', `/api/kiosks/${encodeURIComponent(id)}/config`);
  const desired = config.desired;
  const reported = config.reported;
  const row = (key, value, cls) => [el('dt', {}, t(key)), el('dd', { id: `config-${key.split('.').pop()}`, class: cls ?? '' }, value)];
  const behind = desired && (!reported || reported.version !== desired.version);
  document.getElementById('config-state').replaceChildren(
    ...row('config.desired', desired ? `${desired.version} (${desired.updatedBy}, ${formatTime(desired.updatedAt)})` : '—'),
    ...(desired ? row('config.values', Object.entries(desired.values).map(([k, v]) => `${k} = ${v}`).join(', ')) : []),
    ...row('config.reported', reported ? String(reported.version) : '—', behind ? 'problem' : 'ok'),
    ...(reported?.detail ? row('config.detail', reported.detail, 'problem') : []));
}

async function load() {
  const path = `/api/kiosks/${encodeURIComponent(id)}`;
  const kiosk = await api('GET', path);
  document.getElementById('kiosk-id').textContent = kiosk.id;
  summary(kiosk);
  const samples = await api('GET', `${path}/health`);
  Object.values(charts).forEach(c => { c.data.datasets[0].data = []; });
  samples.forEach(s => addPoint({ ...s.body, ts: s.ts }));
  redrawCharts();
  const presence = await api('GET', `${path}/presence?limit=50`);
  document.getElementById('presence').replaceChildren(...presence.map(p =>
    el('li', { class: p.online ? 'ok' : 'problem' }, `${formatTime(p.at)} — ${t(p.online ? 'status.online' : 'status.offline')}`)));
  const events = await api('GET', `${path}/events?limit=50`);
  document.querySelector('#events tbody').replaceChildren(...events.map(e =>
    el('tr', {}, el('td', {}, formatTime(new Date(e.ts).toISOString())), el('td', {}, e.kind),
      el('td', {}, Object.entries(e.attributes).map(([k, v]) => `${k}=${v}`).join(', ')))));
  try {
    const content = await api('GET', `${path}/state`);
    document.getElementById('content-state').replaceChildren(...Object.entries(content)
      .filter(([, v]) => v !== null).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))]));
  } catch (e) {
    document.getElementById('content-state').replaceChildren(el('dd', {}, t('kiosk.none')));
  }
  await loadConfig();
  await loadCommands();
  document.body.dataset.loaded = 'true';
}

if (await page('fleet', 'FLEET_READ')) {
  charts.temperature = chart('chart-temperature', '#c0392b');
  charts.load = chart('chart-load', '#2c3e50');
  charts.memory = chart('chart-memory', '#27ae60');
  charts.disk = chart('chart-disk', '#8e44ad');
  if (!can('FLEET_OPERATE')) document.getElementById('command-form').remove();
  document.getElementById('command-form')?.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const command = await api('POST', `/api/kiosks/${encodeURIComponent(id)}/commands`, {
        name: document.getElementById('command-name').value, arguments: {},
        ttlSeconds: Number(document.getElementById('command-ttl').value),
      });
      commands.set(command.id, command);
      drawCommands();
      showOk(t('command.sent'));
    } catch (e) {
      showError(e);
    }
  });
  try {
    await load();
  } catch (e) {
    showError(e);
  }
  live({
    health: h => { if (h.kioskId === id) { addPoint(h); redrawCharts(); } },
    presence: p => { if (p.kioskId === id) load().catch(showError); },
    command: c => { if (c.kioskId === id) { commands.set(c.id, c); drawCommands(); } },
  });
}
