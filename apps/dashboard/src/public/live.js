// Live updates: GET /console/events (server-sent events) says which services
// committed changes; the panels that show them refresh at once. The state is
// shown ("live" / "reconnecting" / "off"): EventSource reconnects by itself,
// and while it is down the page falls back to polling.
const state = () => document.getElementById('live-state');

let source = null;

function show(text) {
  const el = state();
  el.textContent = text;
  el.dataset.state = text;
}

/** Opens the stream; `onChange(services)` is called with the services that changed. */
export function startLive(onChange) {
  stopLive();
  show('connecting');
  source = new EventSource('/console/events');
  source.addEventListener('open', () => show('live'));
  source.addEventListener('error', () => show(source && source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting'));
  source.addEventListener('change', (event) => {
    try {
      onChange(JSON.parse(event.data).services ?? []);
    } catch {
      // a malformed event: the next poll catches up
    }
  });
}

export function stopLive() {
  source?.close();
  source = null;
  show('off');
}

export function isLive() {
  return source !== null && source.readyState === EventSource.OPEN;
}
