import { api, el, page, showError, t } from '/ui/app.js';

const FIGURES = ['sessions', 'servicesViewed', 'videosPlayed', 'videoSeconds', 'cardReadsOk', 'cardReadsFailed',
  'ratings', 'ratingAverage'];
const CHARTED = { sessions: '#2c3e50', servicesViewed: '#2980b9', videosPlayed: '#27ae60', cardReadsFailed: '#c0392b' };
let chart;

function query(format) {
  const params = new URLSearchParams({ by: document.getElementById('by').value });
  const from = document.getElementById('from').value;
  const to = document.getElementById('to').value;
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (format) params.set('format', format);
  return `/api/analytics?${params}`;
}

function label(row) {
  return [row.day, row.commune, row.service].filter(v => v !== null && v !== undefined).join(' · ') || t('analytics.all');
}

async function show() {
  const by = document.getElementById('by').value.split(',');
  const rows = await api('GET', query());
  const dimensions = ['day', 'commune', 'service'].filter(d => by.includes(d));
  document.querySelector('#figures thead tr').replaceChildren(
    ...dimensions.map(d => el('th', {}, t(`analytics.by.${d}`))), ...FIGURES.map(f => el('th', {}, t(`analytics.${f}`))));
  document.querySelector('#figures tbody').replaceChildren(...rows.map(row => el('tr', {},
    ...dimensions.map(d => el('td', {}, row[d] ?? '')),
    ...FIGURES.map(f => el('td', { class: 'number' }, row[f] === null ? '—'
      : (f === 'ratingAverage' ? row[f].toFixed(2) : String(row[f])))))));
  chart.data.labels = rows.map(label);
  chart.data.datasets = Object.entries(CHARTED).map(([figure, color]) => ({
    label: t(`analytics.${figure}`), data: rows.map(r => r[figure]), backgroundColor: color,
  }));
  chart.update();
  document.getElementById('csv').href = query('csv');
  document.body.dataset.loaded = 'true';
}

if (await page('analytics', 'FLEET_READ')) {
  chart = new window.Chart(document.getElementById('usage-chart'), {
    type: 'bar', data: { labels: [], datasets: [] },
    options: { animation: false, responsive: true, maintainAspectRatio: false },
  });
  document.getElementById('analytics-form').addEventListener('submit', event => {
    event.preventDefault();
    show().catch(showError);
  });
  show().catch(showError);
}
