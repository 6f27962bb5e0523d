// The dashboard's entry point: the token form, the panels and the refresh loop.
import { tokenStore } from './api.js';
import { startHistoryView } from './history.js';
import { fleetMap } from './map.js';
import { Panel } from './panel.js';
import { PANELS } from './views.js';

const REFRESH_MS = 5000;

const form = document.getElementById('token-form');
const input = document.getElementById('token');
const forget = document.getElementById('forget-token');
const tokenState = document.getElementById('token-state');
const lastUpdated = document.getElementById('last-updated');
const pause = document.getElementById('pause');
document.getElementById('refresh-seconds').textContent = String(REFRESH_MS / 1000);

const panels = [...PANELS, fleetMap].map((spec) => new Panel(spec));
let timer = null;
let paused = false;
let running = null;

function context() {
  return { token: tokenStore.get(), refreshPanel: (panel) => panel.refresh(context()) };
}

async function refreshAll() {
  // one round at a time: a slow service must not pile requests up
  if (running) return running;
  running = Promise.all(panels.map((p) => p.refresh(context()))).finally(() => {
    running = null;
  });
  await running;
  const now = new Date();
  lastUpdated.dateTime = now.toISOString();
  lastUpdated.textContent = now.toLocaleTimeString();
}

function schedule() {
  clearTimeout(timer);
  if (paused) return;
  timer = setTimeout(async () => {
    // a hidden tab does not poll; it refreshes as soon as it is shown again
    if (!document.hidden) await refreshAll();
    schedule();
  }, REFRESH_MS);
}

function showTokenState() {
  const has = tokenStore.get() !== '';
  tokenState.textContent = has ? 'token set' : 'no token';
  tokenState.dataset.set = String(has);
  forget.disabled = !has;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = input.value.trim();
  input.value = '';
  if (!token) return;
  tokenStore.set(token);
  showTokenState();
  void refreshAll();
});

forget.addEventListener('click', () => {
  tokenStore.clear();
  showTokenState();
  void refreshAll();
});

pause.addEventListener('click', () => {
  paused = !paused;
  pause.textContent = paused ? 'Resume' : 'Pause';
  pause.setAttribute('aria-pressed', String(paused));
  if (!paused) void refreshAll();
  schedule();
});

document.addEventListener('visibilitychange', () => {
  if (!document.hidden && !paused) void refreshAll();
});

// the controls stay disabled until this script runs (see index.html)
for (const el of form.elements) el.disabled = false;
pause.disabled = false;
showTokenState();
void refreshAll();
schedule();
startHistoryView();
