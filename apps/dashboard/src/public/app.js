// The console's entry point: sign-in, the panels, live updates and the refresh loop.
import { onSignedOut, resume, session, signIn, signOut } from './api.js';
import { deviceCommands } from './device-commands.js';
import { deviceManagement } from './device-management.js';
import { startHistoryView } from './history.js';
import { initLineageView } from './lineage.js';
import { isCovered, startLive, stopLive } from './live.js';
import { fleetMap } from './map.js';
import { Panel } from './panel.js';
import { dispatch } from './dispatch.js';
import { initPasswordForm } from './password.js';
import { audit, deadLetters, users } from './admin-views.js';
import { callCentre, trading, workOrders } from './record-views.js';
import { devices, health } from './views.js';

/** polling of panels the live stream does not tell about; the others every LIVE_SAFETY_TICKS ticks as a safety net */
const POLL_MS = 5000;
const LIVE_SAFETY_TICKS = 6;

const form = document.getElementById('login-form');
const loginError = document.getElementById('login-error');
const signedIn = document.getElementById('signed-in');
const lastUpdated = document.getElementById('last-updated');
const pause = document.getElementById('pause');

/** the panels, in the order the page shows them (each makes its own section) */
const panels = [health, devices, deviceCommands, deviceManagement, { ...fleetMap, services: ['telemetry-history'] }, workOrders, callCentre, trading, dispatch, deadLetters, users, audit].map(
  (spec) => new Panel(spec),
);
let timer = null;
let ticks = 0;
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

async function refreshAll({ onlyUncovered = false } = {}) {
  // one round at a time: a slow service must not pile requests up
  if (running) return running;
  const due = onlyUncovered ? panels.filter((p) => !isCovered(p.spec.services ?? [])) : panels;
  running = Promise.all(due.map((p) => p.refresh(context()))).finally(() => {
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
    ticks += 1;
    if (!document.hidden) await refreshAll({ onlyUncovered: ticks % LIVE_SAFETY_TICKS !== 0 });
    schedule();
  }, POLL_MS);
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
  // the accounts and audit panels are for admins only: others do not see them at all
  for (const id of ['panel-users', 'panel-audit']) document.getElementById(id).hidden = !(s && s.roles.includes('admin'));
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
initPasswordForm();
await resume();
showSession();
void refreshAll();
schedule();
startHistoryView();
