// Preloaded (`node -r`) into the worker the local stack starts. When the stack's process
// dies without stopping it (a test runner killed hard), the worker is re-parented; it then
// shuts down the way SIGTERM shuts it down, instead of living on as an orphan that retries
// a dead dev server forever. (Watching a stdin pipe instead is not reliable: the SDK's
// runtime ends the worker's stdin.)
const parentPid = process.ppid;
const watch = setInterval(() => {
  if (process.ppid !== parentPid) {
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }
}, 1000);
// Watching must not keep a worker that has finished its shutdown alive.
watch.unref();
