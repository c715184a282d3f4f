// Preloaded (`node -r`) into the worker the local stack starts. Its stdin is a pipe from the
// stack's process: when that process dies without stopping it (a test runner killed hard),
// the pipe closes and the worker shuts down the way SIGTERM shuts it down, instead of living
// on as an orphan that retries a dead dev server forever.
process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
// Watching the pipe must not keep a worker that has finished its shutdown alive.
(process.stdin as unknown as { unref?: () => void }).unref?.();
