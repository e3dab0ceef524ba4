import { api, can, el, formatTime, live, page, showError, showOk, t } from '/ui/app.js';

const NOTIFY_FIELDS = ['webhookUrl', 'smtpHost', 'smtpPort', 'smtpFrom', 'emailTo'];

async function act(alert, action) {
  try {
    await api('POST', `/api/alerts/${encodeURIComponent(alert.id)}/${action}`);
    showOk(t(`alerts.done.${action}`));
    await loadAlerts();
  } catch (e) {
    showError(e);
  }
}

function alertRow(alert) {
  const actions = [];
  if (can('FLEET_OPERATE') && alert.state === 'open') {
    actions.push(el('button', { class: 'acknowledge', onclick: () => act(alert, 'acknowledge') }, t('alerts.acknowledge')));
  }
  if (can('FLEET_OPERATE') && alert.state !== 'resolved') {
    actions.push(el('button', { class: 'resolve', onclick: () => act(alert, 'resolve') }, t('alerts.resolve')));
  }
  return el('tr', { id: `alert-${alert.id}`, class: `severity-${alert.severity} state-${alert.state}` },
    el('td', {}, formatTime(alert.openedAt)),
    el('td', {}, el('a', { href: `/ui/kiosk.html?id=${encodeURIComponent(alert.kioskId)}` }, alert.kioskId)),
    el('td', {}, alert.commune ?? ''), el('td', {}, t(`rule.${alert.rule}`)),
    el('td', {}, el('span', { class: `badge ${alert.severity}` }, t(`severity.${alert.severity}`))),
    el('td', { class: 'state' }, t(`alerts.state.${alert.state}`) +
      (alert.acknowledgedBy ? ` (${alert.acknowledgedBy})` : '')),
    el('td', {}, alert.detail ?? ''), el('td', {}, actions));
}

async function loadAlerts() {
  const state = document.getElementById('alert-state').value;
  const alerts = await api('GET', `/api/alerts${state ? '?state=' + state : ''}`);
  document.querySelector('#alerts tbody').replaceChildren(...alerts.map(alertRow));
  document.body.dataset.loaded = 'true';
}

function ruleRow(rule) {
  const editable = can('FLEET_OPERATE');
  const enabled = el('input', { type: 'checkbox', checked: rule.enabled, disabled: !editable });
  const threshold = el('input', { type: 'number', step: 'any', value: rule.threshold ?? '', disabled: !editable || rule.threshold === null, class: 'threshold' });
  const forSeconds = el('input', { type: 'number', min: 0, value: rule.forSeconds, disabled: !editable });
  const severity = el('select', { disabled: !editable },
    ['warning', 'critical'].map(s => el('option', { value: s, selected: s === rule.severity }, t(`severity.${s}`))));
  const save = editable ? el('button', { class: 'save-rule', onclick: async () => {
    try {
      await api('PUT', `/api/alert-rules/${encodeURIComponent(rule.rule)}`, {
        enabled: enabled.checked, threshold: threshold.value === '' ? null : Number(threshold.value),
        forSeconds: Number(forSeconds.value), severity: severity.value,
      });
      showOk(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  } }, t('common.save')) : null;
  return el('tr', { id: `rule-${rule.rule}`, title: rule.description ?? '' },
    el('td', {}, t(`rule.${rule.rule}`)), el('td', {}, enabled),
    el('td', {}, threshold, ' ', rule.unit ? t(`rule.unit.${rule.rule}`) : ''), el('td', {}, forSeconds), el('td', {}, severity), el('td', {}, save));
}

async function loadRules() {
  const rules = await api('GET', '/api/alert-rules');
  document.querySelector('#rules tbody').replaceChildren(...rules.map(ruleRow));
}

async function loadNotifications() {
  const form = document.getElementById('notifications');
  if (!can('FLEET_OPERATE')) {
    form.remove();
    return;
  }
  const settings = await api('GET', '/api/notifications');
  NOTIFY_FIELDS.forEach(f => { document.getElementById(f).value = settings[f] ?? ''; });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = Object.fromEntries(NOTIFY_FIELDS.map(f => [f, document.getElementById(f).value || null]));
    body.smtpPort = body.smtpPort === null ? null : Number(body.smtpPort);
    try {
      await api('PUT', '/api/notifications', body);
      showOk(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  });
}

if (await page('alerts', 'FLEET_READ')) {
  document.getElementById('alert-state').addEventListener('change', () => loadAlerts().catch(showError));
  try {
    await Promise.all([loadAlerts(), loadRules(), loadNotifications()]);
  } catch (e) {
    showError(e);
  }
  live({ alert: () => loadAlerts().catch(showError) }, () => loadAlerts().catch(showError));
}
