// `npm run bench`: every benchmark once, against the local stack on 127.0.0.1. Prints a table
// and the JSON, and writes bench/results.json. Not a test: nothing here asserts a number.
//   npm run bench [-- --only burst,gate-lag,ecs,bridge,tests] [--run-tests]
import { execFileSync } from 'node:child_process';
import { cpus, freemem, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
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
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : [...SECTIONS];
  const started = Date.now();
  const detail: {
    machine: ReturnType<typeof machine>;
    burst100?: BurstResult;
    burst1000?: BurstResult;
    gateLag?: GateLagResult;
    ecsStartup?: EcsStartupResult;
    bridge?: BridgeBenchReport;
    testSuite?: TestSuiteResult;
  } = { machine: machine() };

  if (only.some((section) => ['burst', 'gate-lag', 'ecs'].includes(section))) {
    // The stacks' worker runs the build's JavaScript and prebuilt workflow bundle.
    log('npm run build');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: join(__dirname, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (only.includes('burst')) {
    detail.burst100 = await benchBurst(100, 'bench-burst-100-asg', log);
    detail.burst1000 = await benchBurst(1000, 'bench-burst-1000-asg', log);
  }
  if (only.includes('gate-lag') || only.includes('ecs')) {
    const stack = await startBenchStack({ ecsTaskStartMs: ECS_RAMP_UP_MS }, log);
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
    worker_rss_peak_mb: detail.burst1000?.workerRssPeakMb,
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
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
