// Preloaded into the bench's worker (`--worker-env NODE_OPTIONS=--require=<this file>,BENCH_CPU_PROFILE_DIR=/tmp/prof`):
// Node 20 refuses --cpu-prof in NODE_OPTIONS, so the profiler is started through the inspector
// and its profile written when the process (or worker thread: the workflows run in one) exits.
/* eslint-disable */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { isMainThread, threadId } = require('node:worker_threads');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  const write = () => {
    // An in-thread session answers synchronously, so this works inside 'exit'.
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      const name = `${isMainThread ? 'main' : `thread-${threadId}`}-${process.pid}.cpuprofile`;
      writeFileSync(join(dir, name), JSON.stringify(result.profile));
    });
  };
  process.once('exit', write);
}
