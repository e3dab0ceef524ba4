import { ApiError, api, can, el, formatBytes, formatTime, page, showError, showOk, t, user } from '/ui/app.js';

// 1 MiB per PATCH: a lost chunk costs little to send again, and the bar moves often on a slow link.
const CHUNK = 1024 * 1024;
// Consecutive failed chunks before the upload stops and waits for the user (it resumes where it is).
const MAX_ATTEMPTS = 5;
// The rollout engine publishes no live event yet: a running rollout is polled at this pace.
const POLL_MS = 2000;
const DAYS = [1, 2, 3, 4, 5, 6, 7];
const PHASES = ['pending', 'downloading', 'verified', 'active', 'failed'];

let blobs = [];
let playlist = null;
/** Uploads in progress by file identity, so choosing the same file again resumes it. */
const uploadIds = new Map();
let selectedRollout = null;
let pollTimer = null;

const byId = id => document.getElementById(id);
const writer = () => can('CONTENT_WRITE');
/** Fills a control; read-only roles have none (they were removed), so a missing one is skipped. */
function fill(id, ...nodes) {
  byId(id)?.replaceChildren(...nodes);
}

function blobName(sha256) {
  const blob = blobs.find(b => b.sha256 === sha256);
  return blob ? (blob.name || sha256.slice(0, 12)) : sha256.slice(0, 12);
}

function blobOptions(id, filter, withNone) {
  const options = blobs.filter(filter).map(b => el('option', { value: b.sha256 }, `${b.name || b.sha256.slice(0, 12)} (${b.mediaType})`));
  fill(id, ...(withNone ? [el('option', { value: '' }, t('content.none'))] : []), ...options);
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function thumbnail(blob) {
  return blob.hasThumbnail
    ? el('img', { class: 'thumbnail', alt: blob.name ?? '', src: `/api/content/blobs/${blob.sha256}/thumbnail` })
    : el('span', { class: 'muted' }, blob.mediaType.startsWith('video/') ? '▶' : '—');
}

// ---- upload ----------------------------------------------------------------------------------

function progress(offset, size) {
  const percent = size === 0 ? 100 : Math.floor(offset * 100 / size);
  byId('upload-progress').value = percent;
  byId('upload-percent').textContent = `${percent} %`;
}

/** Where the server is: after a failed chunk only its offset counts (it may have kept part of it). */
async function serverOffset(id) {
  const response = await fetch(`/api/content/uploads/${id}`, { method: 'HEAD', credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, t('content.upload.lost'));
  return Number(response.headers.get('Upload-Offset'));
}

/** One PATCH; answers the new offset, or the blob once the last byte is in. */
async function sendChunk(id, file, offset) {
  const end = Math.min(offset + CHUNK, file.size);
  const response = await fetch(`/api/content/uploads/${id}`, {
    method: 'PATCH', credentials: 'same-origin', body: file.slice(offset, end),
    headers: { 'X-CSRF-Token': user().csrfToken, 'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream' },
  });
  if (response.status === 201) return { offset: file.size, blob: await response.json() };
  if (response.status === 204) return { offset: Number(response.headers.get('Upload-Offset')) };
  const type = response.headers.get('Content-Type') || '';
  const message = type.includes('json') ? (await response.json()).error : await response.text();
  // 409 (another offset), 507 (disk full) and 5xx leave the upload resumable; the rest will not heal.
  const resumable = response.status === 409 || response.status >= 500;
  throw Object.assign(new ApiError(response.status, message), { resumable });
}

const pause = ms => new Promise(resolve => setTimeout(resolve, ms));

async function upload(file) {
  const key = `${file.name}/${file.size}/${file.lastModified}`;
  let id = uploadIds.get(key);
  let offset;
  if (id) {
    offset = await serverOffset(id);
  } else {
    const created = await api('POST', '/api/content/uploads', { name: file.name, size: file.size });
    if (created.blob) return created.blob;
    id = created.id;
    uploadIds.set(key, id);
    offset = created.offset;
  }
  progress(offset, file.size);
  let attempts = 0;
  for (;;) {
    try {
      const sent = await sendChunk(id, file, offset);
      attempts = 0;
      offset = sent.offset;
      progress(offset, file.size);
      if (sent.blob) {
        uploadIds.delete(key);
        return sent.blob;
      }
    } catch (e) {
      // A TypeError is the network (connection reset, server gone); ApiErrors say if they may heal.
      if ((e instanceof ApiError && !e.resumable) || ++attempts >= MAX_ATTEMPTS) {
        throw new ApiError(e.status ?? 0, t('content.upload.stopped', { percent: byId('upload-progress').value, reason: e.message }));
      }
      byId('upload-status').textContent = t('content.upload.retrying', { attempt: attempts, reason: e.message });
      await pause(500 * attempts);
      offset = await serverOffset(id);
      progress(offset, file.size);
    }
  }
}

function describeBlob(blob) {
  const parts = [blob.name ?? blob.sha256, blob.mediaType, formatBytes(blob.size)];
  if (blob.durationSeconds !== null && blob.durationSeconds !== undefined) parts.push(`${t('content.col.duration')} ${duration(blob.durationSeconds)}`);
  if (blob.width) parts.push(`${blob.width}×${blob.height}`);
  return parts.join(' · ');
}

function setUpUpload() {
  byId('upload-form').addEventListener('submit', async event => {
    event.preventDefault();
    const file = byId('upload-file').files[0];
    if (!file) {
      showError(t('content.upload.choose'));
      return;
    }
    const button = byId('upload-start');
    button.disabled = true;
    byId('upload-status').replaceChildren();
    try {
      const blob = await upload(file);
      progress(1, 1);
      byId('upload-status').replaceChildren(el('span', { id: 'upload-done' }, t('content.upload.done', { blob: describeBlob(blob) })),
        ' ', thumbnail(blob));
      showOk(t('content.upload.done', { blob: blob.name ?? blob.sha256 }));
      await loadBlobs();
    } catch (e) {
      byId('upload-status').textContent = '';
      showError(e);
    } finally {
      button.disabled = false;
    }
  });
}

// ---- blobs -----------------------------------------------------------------------------------

async function loadBlobs() {
  blobs = await api('GET', '/api/content/blobs');
  byId('blobs').tBodies[0].replaceChildren(...blobs.map(blob => el('tr', { id: `blob-${blob.sha256}` },
    el('td', {}, thumbnail(blob)), el('td', { title: blob.sha256 }, blob.name ?? ''), el('td', {}, blob.mediaType),
    el('td', { class: 'number' }, formatBytes(blob.size)), el('td', { class: 'number duration' }, duration(blob.durationSeconds)),
    el('td', {}, formatTime(blob.createdAt)))));
  blobOptions('playlist-add-blob', b => b.mediaType.startsWith('video/') || b.mediaType.startsWith('image/'));
  blobOptions('release-catalog', b => b.mediaType === 'application/json', true);
  blobOptions('tutorial-blob', b => b.mediaType.startsWith('video/'));
}

// ---- playlists -------------------------------------------------------------------------------

function move(list, index, by) {
  const target = index + by;
  if (target < 0 || target >= list.length) return;
  [list[index], list[target]] = [list[target], list[index]];
  drawPlaylist();
}

function itemRow(item, index) {
  const blob = blobs.find(b => b.sha256 === item.sha256);
  const image = blob?.mediaType.startsWith('image/');
  const seconds = el('input', { type: 'number', min: 1, max: 3600, class: 'seconds', value: item.seconds ?? '',
    disabled: !writer() || !image, oninput: event => { item.seconds = event.target.value === '' ? null : Number(event.target.value); } });
  const actions = writer() ? [
    el('button', { type: 'button', class: 'up', title: t('content.up'), onclick: () => move(playlist.items, index, -1) }, '↑'),
    el('button', { type: 'button', class: 'down', title: t('content.down'), onclick: () => move(playlist.items, index, 1) }, '↓'),
    el('button', { type: 'button', class: 'remove', onclick: () => { playlist.items.splice(index, 1); drawPlaylist(); } }, t('common.delete')),
  ] : [];
  return el('tr', { dataset: { sha256: item.sha256 } }, el('td', {}, String(index + 1)), el('td', { class: 'name' }, blobName(item.sha256)),
    el('td', {}, blob?.mediaType ?? '?'), el('td', {}, image ? seconds : '—'), el('td', {}, actions));
}

function windowRow(window, index) {
  const days = DAYS.map(day => el('label', { class: 'day' },
    el('input', { type: 'checkbox', value: day, checked: window.days.includes(day), disabled: !writer(), onchange: event => {
      window.days = event.target.checked ? [...window.days, day].sort() : window.days.filter(d => d !== day);
    } }), t(`content.day.${day}`)));
  const time = field => el('input', { type: 'time', class: field, value: window[field], disabled: !writer(),
    onchange: event => { window[field] = event.target.value; } });
  return el('tr', {}, el('td', {}, days), el('td', {}, time('from')), el('td', {}, time('to')),
    el('td', {}, writer() ? el('button', { type: 'button', class: 'remove', onclick: () => { playlist.schedule.splice(index, 1); drawPlaylist(); } }, t('common.delete')) : null));
}

function drawPlaylist() {
  const items = playlist?.items ?? [];
  const schedule = playlist?.schedule ?? [];
  byId('playlist-items').tBodies[0].replaceChildren(...items.map(itemRow));
  byId('schedule').tBodies[0].replaceChildren(...schedule.map(windowRow));
  byId('schedule-always').hidden = schedule.length > 0;
}

async function loadPlaylists(select) {
  const names = await api('GET', '/api/content/playlists');
  const chosen = select || byId('playlist-select').value || names[0];
  byId('playlist-select').replaceChildren(...names.map(name => el('option', { value: name, selected: name === chosen }, name)));
  fill('release-playlists', el('legend', {}, t('content.playlists')),
    ...names.map(name => el('label', {}, el('input', { type: 'checkbox', name: 'playlist', value: name }), name)));
  if (playlist?.unsaved && playlist.name === chosen) return;
  const name = byId('playlist-select').value;
  playlist = name ? await api('GET', `/api/content/playlists/${encodeURIComponent(name)}`) : null;
  drawPlaylist();
}

function setUpPlaylists() {
  byId('playlist-select').addEventListener('change', () => { playlist = null; loadPlaylists().catch(showError); });
  if (!writer()) return;
  byId('playlist-new').addEventListener('click', () => {
    const name = byId('playlist-new-name').value.trim();
    if (!name) {
      showError(t('content.playlist.nameNeeded'));
      return;
    }
    playlist = { name, items: [], schedule: [], unsaved: true };
    const select = byId('playlist-select');
    if (![...select.options].some(o => o.value === name)) select.append(el('option', { value: name }, name));
    select.value = name;
    drawPlaylist();
  });
  byId('playlist-add').addEventListener('click', () => {
    const sha256 = byId('playlist-add-blob').value;
    if (!playlist || !sha256) {
      showError(t('content.playlist.chooseFirst'));
      return;
    }
    const image = blobs.find(b => b.sha256 === sha256)?.mediaType.startsWith('image/');
    playlist.items.push({ sha256, seconds: image ? 10 : null });
    drawPlaylist();
  });
  byId('schedule-add').addEventListener('click', () => {
    if (!playlist) return;
    playlist.schedule.push({ days: [1, 2, 3, 4, 5], from: '07:30', to: '17:00' });
    drawPlaylist();
  });
  byId('playlist-save').addEventListener('click', async () => {
    if (!playlist) return;
    try {
      const saved = await api('PUT', `/api/content/playlists/${encodeURIComponent(playlist.name)}`,
        { items: playlist.items, schedule: playlist.schedule });
      showOk(t('content.playlist.saved', { name: saved.name }));
      playlist = saved;
      await loadPlaylists(saved.name);
    } catch (e) {
      showError(e);
    }
  });
}

// ---- releases --------------------------------------------------------------------------------

const tutorials = new Map();

function drawTutorials() {
  byId('tutorial-list').replaceChildren(...[...tutorials].map(([service, sha256]) => el('li', {},
    `${service} → ${blobName(sha256)} `,
    el('button', { type: 'button', onclick: () => { tutorials.delete(service); drawTutorials(); } }, t('common.delete')))));
}

async function showDiff(release, previous) {
  const diff = await api('GET', `/api/content/releases/${encodeURIComponent(release)}/diff?from=${encodeURIComponent(previous)}`);
  byId('diff').replaceChildren(el('h3', {}, t('content.diff.title', { from: previous, to: release })),
    el('p', { id: 'diff-summary' }, t('content.diff.summary', { added: diff.added.length, removed: diff.removed.length,
      bytes: formatBytes(diff.bytesToMove), total: formatBytes(diff.totalBytes) })),
    el('ul', {}, ...diff.added.map(b => el('li', { class: 'added' }, `+ ${blobName(b.sha256)} (${formatBytes(b.size)})`)),
      ...diff.removed.map(sha256 => el('li', { class: 'removed' }, `− ${blobName(sha256)}`))));
}

async function loadReleases() {
  const releases = await api('GET', '/api/content/releases');
  // Oldest first, so each release is compared with the one before it.
  const ordered = [...releases].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  byId('releases').tBodies[0].replaceChildren(...ordered.map((release, index) => el('tr', { id: `release-${release.release}` },
    el('td', {}, release.release), el('td', {}, formatTime(release.createdAt)), el('td', { class: 'number' }, String(release.blobs)),
    el('td', { class: 'number' }, formatBytes(release.totalBytes)),
    el('td', {}, index === 0 ? null : el('button', { type: 'button', class: 'diff',
      onclick: () => showDiff(release.release, ordered[index - 1].release).catch(showError) }, t('content.diff.show'))))).reverse());
  const chosen = byId('rollout-release')?.value;
  fill('rollout-release', ...ordered.map(r => el('option', { value: r.release, selected: r.release === chosen }, r.release)).reverse());
}

function setUpReleases() {
  if (!writer()) return;
  byId('tutorial-add').addEventListener('click', () => {
    const service = byId('tutorial-service').value.trim();
    const sha256 = byId('tutorial-blob').value;
    if (!service || !sha256) {
      showError(t('content.release.tutorialNeeded'));
      return;
    }
    tutorials.set(service, sha256);
    byId('tutorial-service').value = '';
    drawTutorials();
  });
  byId('release-form').addEventListener('submit', async event => {
    event.preventDefault();
    const playlists = [...byId('release-playlists').querySelectorAll('input:checked')].map(input => input.value);
    try {
      const created = await api('POST', '/api/content/releases', {
        release: byId('release-name').value.trim() || null, playlists,
        catalogSha256: byId('release-catalog').value || null, tutorials: Object.fromEntries(tutorials),
      });
      showOk(t('content.release.created', { release: created.release, files: created.blobs, size: formatBytes(created.totalBytes) }));
      byId('release-name').value = '';
      await loadReleases();
      byId('rollout-release').value = created.release;
    } catch (e) {
      showError(e);
    }
  });
}

// ---- groups ----------------------------------------------------------------------------------

function describeGroup(group) {
  if (group.tag) return t('content.group.byTag', { tag: group.tag });
  if (group.communePrefix) return t('content.group.byPrefix', { prefix: group.communePrefix });
  return t('content.group.byCommunes', { communes: (group.communes ?? []).join(', ') });
}

async function loadGroups(select) {
  const groups = await api('GET', '/api/content/groups');
  byId('groups').replaceChildren(...groups.map(group => el('li', {}, el('strong', {}, group.name), ` — ${describeGroup(group)}`)));
  const chosen = select ?? byId('rollout-group')?.value;
  fill('rollout-group', ...groups.map(g => el('option', { value: g.name, selected: g.name === chosen }, g.name)));
}

function setUpGroups() {
  if (!writer()) return;
  byId('group-form').addEventListener('submit', async event => {
    event.preventDefault();
    const name = byId('group-name').value.trim();
    const communes = byId('group-communes').value.split(/[\s,]+/).filter(Boolean);
    try {
      await api('PUT', `/api/content/groups/${encodeURIComponent(name)}`, { communes });
      showOk(t('common.saved'));
      await loadGroups(name);
    } catch (e) {
      showError(e);
    }
  });
}

// ---- rollouts --------------------------------------------------------------------------------

function rolloutRow(rollout) {
  return el('tr', { id: `rollout-${rollout.id}`, class: `state-${rollout.state}${rollout.id === selectedRollout ? ' selected' : ''}`,
    onclick: () => selectRollout(rollout.id) },
  el('td', {}, String(rollout.id)), el('td', {}, rollout.release), el('td', {}, rollout.group),
  el('td', { class: 'state' }, t(`content.rollout.state.${rollout.state}`)), el('td', {}, String(rollout.currentWave)),
  el('td', {}, formatTime(rollout.createdAt)));
}

function kioskRow(kiosk) {
  return el('tr', { id: `rk-${kiosk.kioskId}`, class: `phase-${kiosk.phase}` },
    el('td', {}, kiosk.kioskId), el('td', {}, String(kiosk.wave)),
    el('td', { class: 'phase' }, kiosk.publishedAt ? t(`content.phase.${kiosk.phase}`) : t('content.phase.waiting')),
    el('td', { class: 'percent' }, el('progress', { max: 100, value: kiosk.percent }), ` ${kiosk.percent} %`),
    el('td', {}, kiosk.detail ?? ''), el('td', {}, formatTime(kiosk.updatedAt)));
}

function drawRollout(rollout) {
  byId('rollout-detail').hidden = false;
  byId('rollout-title').textContent = t('content.rollout.title', { id: rollout.id, release: rollout.release, group: rollout.group });
  byId('rollout-state').textContent = t(`content.rollout.state.${rollout.state}`);
  byId('rollout-state').dataset.state = rollout.state;
  byId('rollout-reason').textContent = rollout.reason ?? '';
  byId('rollout-counts').replaceChildren(...PHASES.map(phase => el('span', { class: `count phase-${phase}`, id: `count-${phase}` },
    el('strong', {}, String(rollout.counts?.[phase] ?? 0)), ` ${t(`content.phase.${phase}`)}`)));
  byId('rollout-kiosks').tBodies[0].replaceChildren(...rollout.kiosks.map(kioskRow));
  if (writer()) {
    byId('rollout-pause').disabled = rollout.state !== 'running';
    byId('rollout-resume').disabled = rollout.state !== 'paused';
    byId('rollout-rollback').disabled = rollout.state === 'rolled_back';
  }
}

async function refreshRollout() {
  clearTimeout(pollTimer);
  if (selectedRollout === null) return;
  const rollout = await api('GET', `/api/content/rollouts/${selectedRollout}`);
  drawRollout(rollout);
  const row = byId(`rollout-${rollout.id}`);
  if (row) row.replaceWith(rolloutRow(rollout));
  if (rollout.state === 'running') pollTimer = setTimeout(() => refreshRollout().catch(showError), POLL_MS);
}

function selectRollout(id) {
  selectedRollout = id;
  for (const row of byId('rollouts').tBodies[0].rows) row.classList.toggle('selected', row.id === `rollout-${id}`);
  refreshRollout().catch(showError);
}

async function loadRollouts() {
  const rollouts = await api('GET', '/api/content/rollouts');
  rollouts.sort((a, b) => b.id - a.id);
  byId('rollouts').tBodies[0].replaceChildren(...rollouts.map(rolloutRow));
  if (selectedRollout === null && rollouts.length) selectRollout(rollouts[0].id);
}

async function rolloutAction(action) {
  try {
    drawRollout(await api('POST', `/api/content/rollouts/${selectedRollout}/${action}`));
    showOk(t(`content.rollout.done.${action}`));
    await loadRollouts();
    await refreshRollout();
  } catch (e) {
    showError(e);
  }
}

function setUpRollouts() {
  if (!writer()) return;
  byId('rollout-form').addEventListener('submit', async event => {
    event.preventDefault();
    const waves = byId('rollout-waves').value.split(/[\s,]+/).filter(Boolean).map(Number);
    try {
      const started = await api('POST', '/api/content/rollouts', {
        release: byId('rollout-release').value, group: byId('rollout-group').value,
        canary: Number(byId('rollout-canary').value), waves, failureThreshold: Number(byId('rollout-threshold').value) / 100,
      });
      showOk(t('content.rollout.started', { id: started.id }));
      selectedRollout = started.id;
      await loadRollouts();
      await refreshRollout();
    } catch (e) {
      showError(e);
    }
  });
  for (const action of ['pause', 'resume', 'rollback']) byId(`rollout-${action}`).addEventListener('click', () => rolloutAction(action));
}

// ---- page ------------------------------------------------------------------------------------

if (await page('content', 'CONTENT_READ')) {
  if (!writer()) {
    // Read-only roles get no controls at all; the API refuses their mutations anyway (403).
    for (const node of document.querySelectorAll('.write-only')) node.remove();
  }
  try {
    await loadBlobs();
    await Promise.all([loadPlaylists(), loadReleases(), loadGroups(), loadRollouts()]);
    if (writer()) {
      setUpUpload();
      setUpReleases();
      setUpGroups();
      setUpRollouts();
    }
    setUpPlaylists();
    document.body.dataset.loaded = 'true';
  } catch (e) {
    showError(e);
  }
}
