import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

/** A child process whose output goes to a log file, and that can be stopped and awaited. */
export interface ManagedChild {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Sends the signal and waits for the exit; SIGKILL after `graceMs` if it is still alive. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** Resolves when a line of its stdout/stderr matches; rejects if it exits first or the time runs out. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number, what: string): Promise<void>;
}

export function spawnLogged(command: string, args: string[], options: SpawnOptions & { logFile: string }): ManagedChild {
  const log: WriteStream = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const listeners = new Set<(line: string) => void>();
  let tail = '';
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    const text = tail + chunk.toString('utf8');
    const lines = text.split('\n');
    tail = lines.pop() ?? '';
    for (const line of lines) for (const listener of listeners) listener(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      log.end();
      resolve(code);
    });
    child.once('error', () => resolve(null));
  });

  return {
    process: child,
    exited,
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    waitForLine(match, timeoutMs, what) {
      return new Promise<void>((resolve, reject) => {
        const done = (err?: Error) => {
          clearTimeout(timer);
          listeners.delete(listener);
          if (err) reject(err);
          else resolve();
        };
        const listener = (line: string) => {
          if (match(line)) done();
        };
        const timer = setTimeout(() => done(new Error(`${what}: not ready after ${timeoutMs} ms (log: ${options.logFile})`)), timeoutMs);
        listeners.add(listener);
        void exited.then((code) => done(new Error(`${what} exited with code ${code} before it was ready (log: ${options.logFile})`)));
      });
    },
  };
}
