// `npm run bench`: every benchmark once, against the local stack on 127.0.0.1. Prints a table
// and the JSON, and writes bench/results.json. Not a test: nothing here asserts a number.
//   npm run bench [-- --only burst,gate-lag,ecs,bridge,tests] [--run-tests] [--bursts 100,1000]
//                    [--worker-env NAME=value,NAME=value]
// --bursts picks the burst sizes (default 100,1000; 5000 too); --worker-env sets variables of the
// stacks' worker (tuning experiments: WORKER_MAX_CONCURRENT_WORKFLOW_TASKS=200, or
// NODE_OPTIONS=--cpu-prof --cpu-prof-dir=/tmp/prof for a CPU profile written when it stops).
import { execFileSync } from 'node:child_process';
import { cpus, freemem, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchStack } from './bench-stack';
import { benchBridge, type BridgeBenchReport } from './bridge';
import { benchBurst, type BurstResult } from './burst';
import { benchEcsStartup, type EcsStartupResult } from './ecs-startup';
import { benchGateLag, type GateLagResult } from './gate-lag';
import { round } from './stats';
import { benchTestSuite, type TestSuiteResult } from './test-suite';

/** The simulator's default ECS ramp-up (docs/simulator.md: ecsTaskStartMs). */
const ECS_RAMP_UP_MS = 5_000;
const SECTIONS = ['burst', 'gate-lag', 'ecs', 'bridge', 'tests'] as const;

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

const RESULTS_PATH = join(__dirname, 'results.json');

/**
 * A run of some sections keeps the other sections' figures from the file (and their detail), so
 * every key stays; `measured_at` of each section is in `detail.measuredAt`.
 */
function mergeWithEarlier<T extends { measured_at: string; detail: object }>(results: T): T {
  const earlier = existsSync(RESULTS_PATH) ? (JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as Record<string, unknown>) : {};
  const earlierDetail = (earlier.detail ?? {}) as Record<string, unknown>;
  const fresh = Object.fromEntries(Object.entries(results).filter(([, value]) => value !== undefined));
  const freshDetail = Object.fromEntries(Object.entries(results.detail).filter(([, value]) => value !== undefined));
  const measuredAt = {
    ...((earlierDetail.measuredAt as Record<string, string> | undefined) ?? {}),
    ...Object.fromEntries(Object.keys(freshDetail).map((section) => [section, results.measured_at])),
  };
  return { ...earlier, ...fresh, detail: { ...earlierDetail, ...freshDetail, measuredAt } } as T;
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function workerEnvArgument(): Record<string, string> {
  const pairs = (argument('--worker-env') ?? '').split(',').filter(Boolean);
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

function machine() {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'unavailable';
    }
  };
  return {
    nproc: sh('nproc', []),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / 1024 / 1024),
    freeMbAtStart: Math.round(freemem() / 1024 / 1024),
    free: sh('free', ['-m']),
    loadAverage: sh('cat', ['/proc/loadavg']),
    node: process.version,
  };
}

async function main(): Promise<void> {
  const only = argument('--only')?.split(',') ?? [...SECTIONS];
  const bursts = (argument('--bursts') ?? '100,1000').split(',').map(Number);
  const workerEnv = workerEnvArgument();
  const started = Date.now();
  const detail: {
    machine: ReturnType<typeof machine>;
    burst100?: BurstResult;
    burst1000?: BurstResult;
    burst5000?: BurstResult;
    workerEnv: Record<string, string>;
    gateLag?: GateLagResult;
    ecsStartup?: EcsStartupResult;
    bridge?: BridgeBenchReport;
    testSuite?: TestSuiteResult;
  } = { machine: machine(), workerEnv };

  if (only.some((section) => ['burst', 'gate-lag', 'ecs'].includes(section))) {
    // The stacks' worker runs the build's JavaScript and prebuilt workflow bundle.
    log('npm run build');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: join(__dirname, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (only.includes('burst')) {
    if (bursts.includes(100)) detail.burst100 = await benchBurst(100, 'bench-burst-100-asg', log, workerEnv);
    if (bursts.includes(1000)) detail.burst1000 = await benchBurst(1000, 'bench-burst-1000-asg', log, workerEnv);
    if (bursts.includes(5000)) detail.burst5000 = await benchBurst(5000, 'bench-burst-5000-asg', log, workerEnv);
  }
  if (only.includes('gate-lag') || only.includes('ecs')) {
    const stack = await startBenchStack({ ecsTaskStartMs: ECS_RAMP_UP_MS }, log, workerEnv);
    try {
      // Independent groups and services: both run at once on the same stack.
      const [gateLag, ecsStartup] = await Promise.all([
        only.includes('gate-lag') ? benchGateLag(stack, log) : undefined,
        only.includes('ecs') ? benchEcsStartup(stack, ECS_RAMP_UP_MS, log) : undefined,
      ]);
      Object.assign(detail, { gateLag, ecsStartup });
    } finally {
      await stack.stop();
    }
  }
  if (only.includes('bridge')) detail.bridge = await benchBridge({ coldRuns: 5, warmEvents: 200, build: true });
  if (only.includes('tests')) detail.testSuite = benchTestSuite(process.argv.includes('--run-tests'), log);

  const results = {
    burst_100_seconds: detail.burst100?.drainSeconds,
    burst_100_p99_ms: detail.burst100?.eventToCompleteMs.p99,
    burst_1000_seconds: detail.burst1000?.drainSeconds,
    burst_1000_p50_ms: detail.burst1000?.eventToCompleteMs.p50,
    burst_1000_p99_ms: detail.burst1000?.eventToCompleteMs.p99,
    burst_1000_events_per_second_started: detail.burst1000?.eventsPerSecondStarted,
    history_events_per_gate: detail.burst1000?.historyEventsPerWorkflow.mean,
    worker_cpu_ms_per_gate: detail.burst1000?.cpuMsPerGate.worker,
    server_cpu_ms_per_gate: detail.burst1000?.cpuMsPerGate.server,
    bench_cpu_ms_per_gate: detail.burst1000?.cpuMsPerGate.bench,
    worker_rss_peak_mb: detail.burst1000?.workerRssPeakMb,
    burst_5000_seconds: detail.burst5000?.drainSeconds,
    burst_5000_p99_ms: detail.burst5000?.eventToCompleteMs.p99,
    worker_rss_peak_mb_5000: detail.burst5000?.workerRssPeakMb,
    burst_1000_gates_passed_metric: detail.burst1000?.workerMetrics.gatesPassed,
    gate_lag_poll_p50_ms: detail.gateLag?.pollMs.p50,
    gate_lag_poll_mean_ms: detail.gateLag?.pollMs.mean,
    gate_lag_push_p50_ms: detail.gateLag?.pushMs.p50,
    gate_lag_push_p99_ms: detail.gateLag?.pushMs.p99,
    ecs_startup_wall_ms: detail.ecsStartup?.wallMs,
    ecs_startup_lower_bound_ms: detail.ecsStartup?.lowerBoundMs,
    ecs_startup_over_bound_ms: detail.ecsStartup?.overBoundMs,
    bridge_bundle_mb: detail.bridge?.bundleMiB,
    bridge_cold_init_ms: detail.bridge?.coldInitMsMedian,
    bridge_warm_start_p50_ms: detail.bridge?.warmStartMsP50,
    test_suite_seconds: detail.testSuite?.seconds,
    bench_seconds: round((Date.now() - started) / 1000),
    measured_at: new Date().toISOString(),
    detail,
  };

  const b = detail.burst1000;
  const rows: [string, string, string][] = [
    ['scale-out burst, 100 gates: drain / p99', `${results.burst_100_seconds} s / ${results.burst_100_p99_ms} ms`, ''],
    ['scale-out burst, 1000 gates: drain', `${results.burst_1000_seconds} s`, '< 60 s'],
    ['  event → CompleteLifecycleAction p50 / p99', `${results.burst_1000_p50_ms} / ${results.burst_1000_p99_ms} ms`, ''],
    ['  gates started per second', `${results.burst_1000_events_per_second_started}`, ''],
    ['  history events per gate (mean / max)', b ? `${b.historyEventsPerWorkflow.mean} / ${b.historyEventsPerWorkflow.max}` : '', ''],
    ['  CPU per gate: worker / dev server / bench process', b ? `${b.cpuMsPerGate.worker} / ${b.cpuMsPerGate.server} / ${b.cpuMsPerGate.bench} ms` : '', 'user + system, /proc'],
    ['  CPU taken by other processes in the burst / its wall time', b ? `${b.otherProcessesCpuSeconds} / ${b.cpuWindowSeconds} s` : '', '2 cores: 2 × wall is all there is'],
    ['  worker RSS peak', `${results.worker_rss_peak_mb} MB`, '< 400 MB'],
    ['  fleet_action_outcomes{launch_gate,passed}', `${results.burst_1000_gates_passed_metric}`, 'from the worker\'s /metrics'],
    ['  task wait for the worker: workflow / activity (mean)', b ? `${b.workerMetrics.workflowTaskScheduleToStartMeanMs} / ${b.workerMetrics.activityScheduleToStartMeanMs} ms` : '', 'SDK schedule-to-start histograms'],
    ['gate lag, polling every 30 s: p50 / mean', `${results.gate_lag_poll_p50_ms} / ${results.gate_lag_poll_mean_ms} ms`, 'original: ~15 s mean'],
    ['gate lag, contentSynced push: p50 / p99', `${results.gate_lag_push_p50_ms} / ${results.gate_lag_push_p99_ms} ms`, 'p99 < 1 s'],
    ['ECS startup: wall / critical-path bound', `${results.ecs_startup_wall_ms} / ${results.ecs_startup_lower_bound_ms} ms`, ''],
    ['  over the bound', `${results.ecs_startup_over_bound_ms} ms`, `< ${detail.ecsStartup?.pollIntervalSeconds ?? 10} s (1 poll)`],
    ['bridge bundle', `${results.bridge_bundle_mb} MiB`, '< 5 MiB'],
    ['bridge cold init (median)', `${results.bridge_cold_init_ms} ms`, '< 300 ms'],
    ['bridge warm start p50', `${results.bridge_warm_start_p50_ms} ms`, '< 20 ms'],
    ['test suite (jest) wall time', `${results.test_suite_seconds} s`, ''],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  const table = [
    `machine: ${detail.machine.nproc} cores (${detail.machine.cpu}), ${detail.machine.memoryMb} MB RAM, load ${detail.machine.loadAverage}, node ${detail.machine.node}`,
    ...rows.map(([name, value, target]) => `${name.padEnd(width)}  ${value.padEnd(24)}  ${target}`),
  ].join('\n');
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n\n${table}\n`);
  writeFileSync(RESULTS_PATH, `${JSON.stringify(mergeWithEarlier(results), null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
