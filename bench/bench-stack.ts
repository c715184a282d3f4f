import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatorState } from '../simulator';
import { loadFleetSpec, startLocalStack, type LocalStack } from '../starters/local-stack';

export const BENCH_FLEET_SPEC = join(__dirname, 'bench-fleet.yaml');
export const BENCH_FLEET_CONFIG = join(__dirname, 'bench-fleet-config.yaml');

/**
 * The local stack with the benchmark's fleet and routing; the worker is the real child process
 * running the build (`npm run build`), as a production worker runs.
 */
export async function startBenchStack(
  timings: Record<string, number> = {},
  log?: (line: string) => void,
  workerEnv: Record<string, string> = {},
): Promise<LocalStack> {
  return startLocalStack({
    log,
    fleet: loadFleetSpec(BENCH_FLEET_SPEC),
    fleetConfigPath: BENCH_FLEET_CONFIG,
    simulator: { timings },
    temporal: { uiPort: false },
    bridgeLogLevel: 'ERROR',
    worker: { compiled: true, env: workerEnv },
  });
}

export async function simState(stack: LocalStack): Promise<SimulatorState> {
  return (await (await fetch(`${stack.simulator.url}/_sim/state`)).json()) as SimulatorState;
}

export async function post(stack: LocalStack, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${stack.simulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

export async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>, everyMs = 500): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The stack's worker child: the process running worker/main (.ts or .js) against this stack's server. */
export function findWorkerPid(stack: LocalStack): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!/worker\/main\.(ts|js)/.test(cmdline)) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`TEMPORAL_ADDRESS=${stack.temporalAddress}`)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no worker process found for ${stack.temporalAddress}`);
}

/** Samples VmRSS while it runs; the peak is the larger of the samples and the kernel's VmHWM. */
export function watchRss(pid: number, everyMs = 250): { stop(): number } {
  let peakKb = 0;
  const read = (field: 'VmRSS' | 'VmHWM') => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  const timer = setInterval(() => (peakKb = Math.max(peakKb, read('VmRSS'))), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peakKb, read('VmHWM'), read('VmRSS')) / 1024;
    },
  };
}
