// Bridge benchmark (not a test: nothing here asserts a time). Prints the bundle size, the
// handler's cold initialisation and its warm per-event start latency against a local dev
// server on 127.0.0.1.
//   node -r @swc-node/register bench/bridge.ts [--cold-runs 5] [--warm-events 200] [--no-build]
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalEnv } from '../test/helpers/time-skipping';

const repo = join(__dirname, '..');
const bundle = join(repo, 'dist', 'bridge', 'index.js');
const fixtures = join(repo, 'test', 'fixtures', 'events');

interface ProbeResult {
  requireMs: number;
  coldInitMs: number;
  firstStartMs: number;
  warmMs: number[];
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export interface BridgeBenchOptions {
  coldRuns: number;
  warmEvents: number;
  build: boolean;
}

export type BridgeBenchReport = Awaited<ReturnType<typeof benchBridge>>;

/** Bundle size, cold init and warm start latency of the bridge Lambda's bundle, in fresh processes. */
export async function benchBridge({ coldRuns, warmEvents, build }: BridgeBenchOptions) {
  if (build) execFileSync('bash', [join(repo, 'tools', 'build-bridge.sh')], { stdio: 'inherit' });
  const bundleBytes = statSync(bundle).size;

  const env = await createLocalEnv();
  try {
    const probes: ProbeResult[] = [];
    for (let run = 0; run < coldRuns; run++) {
      // Only the last process sends the full warm series; the others measure the cold path.
      const result = spawnSync(process.execPath, [join(__dirname, 'bridge-probe.js'), bundle, fixtures, String(run === coldRuns - 1 ? warmEvents : 0)], {
        env: { PATH: process.env.PATH, TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: 'bench-bridge', LOG_LEVEL: 'WARN' },
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`probe failed: ${result.stderr}`);
      probes.push(JSON.parse(result.stdout.trim().split('\n').pop()!) as ProbeResult);
    }
    const warm = probes.flatMap((p) => p.warmMs);
    const report = {
      bundleBytes,
      bundleMiB: round(bundleBytes / 1024 / 1024),
      coldRuns,
      coldInitMsMedian: round(percentile(probes.map((p) => p.coldInitMs), 50)),
      requireMsMedian: round(percentile(probes.map((p) => p.requireMs), 50)),
      firstStartMsMedian: round(percentile(probes.map((p) => p.firstStartMs), 50)),
      warmEvents: warm.length,
      warmStartMsP50: round(percentile(warm, 50)),
      warmStartMsP95: round(percentile(warm, 95)),
      warmStartMsMax: round(Math.max(...warm)),
      targets: { bundleMiB: '< 5', coldInitMs: '< 300', warmStartMsP50: '< 20' },
    };
    return report;
  } finally {
    await env.teardown();
  }
}

async function main(): Promise<void> {
  const report = await benchBridge({
    coldRuns: argument('--cold-runs', 5),
    warmEvents: argument('--warm-events', 200),
    build: !process.argv.includes('--no-build'),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(__dirname, 'results.local.json'), `${JSON.stringify(report, null, 2)}\n`);
}

if (require.main === module) main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
