// Preloaded into a process the end-to-end bench profiles (node -r ./bench/support/cpu-profile-preload.js):
// the first SIGWINCH starts V8's CPU profiler, the next one writes
// $BENCH_CPU_PROF_DIR/<name>-<pid>.cpuprofile (open it in Chrome's DevTools), so the
// profile covers exactly the phase the bench chooses. (`--cpu-prof` writes at a normal
// exit only; a service stopped with SIGTERM re-raises the signal and never gets there.
// SIGWINCH because Nest's shutdown hooks take SIGUSR2 as a request to stop.)
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
let session = null;
process.on('SIGWINCH', () => {
  if (!dir) return;
  if (!session) {
    session = new Session();
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 1000 });
    session.post('Profiler.start');
    return;
  }
  const s = session;
  session = null;
  s.post('Profiler.stop', (err, result) => {
    if (!err) {
      mkdirSync(dir, { recursive: true });
      const name = (process.argv[1] || 'node').split('/').slice(-3, -2)[0] || 'node';
      writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    }
    s.disconnect();
  });
});
