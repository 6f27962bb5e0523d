// The console's entry point: sign-in, the panels, live updates and the refresh loop.
import { onSignedOut, resume, session, signIn, signOut } from './api.js';
import { deviceCommands } from './device-commands.js';
import { startHistoryView } from './history.js';
import { initLineageView } from './lineage.js';
import { isLive, startLive, stopLive } from './live.js';
import { fleetMap } from './map.js';
import { Panel } from './panel.js';
import { PANELS } from './views.js';

/** polling while the live stream is down; with it up, a slow safety net */
const POLL_MS = 5000;
const POLL_WHEN_LIVE_MS = 30_000;

const form = document.getElementById('login-form');
const loginError = document.getElementById('login-error');
const signedIn = document.getElementById('signed-in');
const lastUpdated = document.getElementById('last-updated');
const pause = document.getElementById('pause');

const panels = [...PANELS, deviceCommands, { ...fleetMap, services: ['telemetry-history'] }].map((spec) => new Panel(spec));
let timer = null;
let paused = false;
let running = null;

function context() {
  return { session: session.get(), refreshPanel: (panel) => panel.refresh(context()) };
}

function stamp() {
  const now = new Date();
  lastUpdated.dateTime = now.toISOString();
  lastUpdated.textContent = now.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
}

async function refreshAll() {
  // one round at a time: a slow service must not pile requests up
  if (running) return running;
  running = Promise.all(panels.map((p) => p.refresh(context()))).finally(() => {
    running = null;
  });
  await running;
  stamp();
}

/** The panels showing what the changed services hold refresh now (live updates). */
async function refreshChanged(services) {
  if (paused) return;
  const changed = panels.filter((p) => (p.spec.services ?? []).some((s) => services.includes(s)));
  await Promise.all(changed.map((p) => p.refresh(context())));
  stamp();
}

function schedule() {
  clearTimeout(timer);
  if (paused) return;
  timer = setTimeout(async () => {
    // a hidden tab does not poll; it refreshes as soon as it is shown again
    if (!document.hidden) await refreshAll();
    schedule();
  }, isLive() ? POLL_WHEN_LIVE_MS : POLL_MS);
}

function showSession() {
  const s = session.get();
  form.hidden = s !== null;
  signedIn.hidden = s === null;
  if (s) {
    document.getElementById('whoami').textContent = s.username;
    document.getElementById('my-roles').textContent = s.roles.join(', ');
    startLive((services) => void refreshChanged(services));
  } else {
    stopLive();
  }
  // the accounts panel is for admins only: others do not see it at all
  document.getElementById('panel-users').hidden = !(s && s.roles.includes('admin'));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  loginError.textContent = '';
  try {
    await signIn(String(data.get('username')).trim(), String(data.get('password')));
    form.reset();
  } catch (err) {
    loginError.textContent = err.status === 401 ? 'Wrong user name or password.' : err.status === 429 ? 'Too many failed sign-ins: try again later.' : `Sign-in failed: ${err.message}`;
  }
  showSession();
  void refreshAll();
});

document.getElementById('sign-out').addEventListener('click', async () => {
  await signOut();
  showSession();
  void refreshAll();
});

onSignedOut(() => {
  showSession();
  loginError.textContent = 'Your session has ended: sign in again.';
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
initLineageView();
await resume();
showSession();
void refreshAll();
schedule();
startHistoryView();
