import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { LAUNCH_GATE_SEARCH_ATTRIBUTES } from '../../common/launch-gate';
import { spawnLogged, type ManagedChild } from './child-process';

export const TEMPORAL_CLI = join(__dirname, '..', '..', '.tools', 'bin', 'temporal');

export interface DevServerOptions {
  port: number;
  /** false: no Web UI. */
  uiPort: number | false;
  dbFile: string;
  logFile: string;
}

/**
 * The Temporal CLI's dev server on 127.0.0.1, with the launch gate's search attributes
 * registered so gates can be listed by group and instance in the Web UI.
 */
export class TemporalDevServer {
  private child?: ManagedChild;

  constructor(readonly options: DevServerOptions) {}

  get address(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  get uiUrl(): string | undefined {
    return this.options.uiPort === false ? undefined : `http://127.0.0.1:${this.options.uiPort}`;
  }

  async start(): Promise<void> {
    const { port, uiPort, dbFile, logFile } = this.options;
    const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--db-filename', dbFile, '--log-level', 'warn'];
    // SQLite's defaults (rollback journal, synchronous=FULL) fsync every commit, which made the
    // disk, not the product, the limit of a scale-out burst. WAL with synchronous=NORMAL still
    // survives the server being killed and restarted on the same file (the fault tests do that).
    args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
    if (uiPort === false) args.push('--headless');
    else args.push('--ui-ip', '127.0.0.1', '--ui-port', String(uiPort));
    for (const name of Object.values(LAUNCH_GATE_SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=Keyword`);
    this.child = spawnLogged(TEMPORAL_CLI, args, { logFile });
    await this.waitUntilServing(this.child);
  }

  async stop(): Promise<void> {
    await this.child?.stop('SIGTERM');
    this.child = undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private async waitUntilServing(child: ManagedChild, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void child.exited.then((code) => {
      exitCode = code;
    });
    for (;;) {
      if (exitCode !== undefined) throw new Error(`temporal dev server exited with code ${exitCode} (log: ${this.options.logFile})`);
      try {
        const connection = await Connection.connect({ address: this.address, connectTimeout: 1_000 });
        try {
          await connection.workflowService.getSystemInfo({});
          return;
        } finally {
          await connection.close();
        }
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`temporal dev server not serving on ${this.address} after ${timeoutMs} ms: ${(err as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
}
