// Scale-out burst: N instances launched at once through the simulator, each lifecycle event
// through the bridge into one worker, every replica in sync from its first second.
import { LAUNCH_GATE_WORKFLOW } from '../common/launch-gate';
import type { LocalStack } from '../starters/local-stack';
import { limitBridgeConcurrency } from './lambda-concurrency';
import { findWorkerPid, post, simState, startBenchStack, waitUntil, watchRss } from './bench-stack';
import { findDevServerPid, watchCpu } from './proc-cpu';
import { samples } from '../test/fault/prometheus-text';
import { mean, percentile, round } from './stats';

export interface BurstResult {
  instances: number;
  completedContinue: number;
  /** Bridge deliveries that failed (their gates never started). */
  bridgeFailures: number;
  /** First lifecycle event → last CompleteLifecycleAction. */
  drainSeconds: number;
  /** Gates started per second: N over first event → last workflow start. */
  eventsPerSecondStarted: number;
  eventToCompleteMs: { p50: number; p99: number; max: number };
  workerRssPeakMb: number;
  /**
   * User + system CPU time over the burst (scale-out → every gate closed), per gate, in ms, from
   * /proc/<pid>/stat: the figure that travels between machines. `bench` is this process: the
   * simulator, the bridge handler and the benchmark's own polling.
   */
  cpuMsPerGate: { worker: number; server: number; bench: number };
  /** Wall time of the same window, so the CPU figures can be read as cores busy (cpu / wall). */
  cpuWindowSeconds: number;
  /**
   * CPU seconds every other process on the machine took in that window (/proc/stat's busy time
   * minus the three above): on a shared machine, what the drain and latencies lost to others.
   */
  otherProcessesCpuSeconds: number;
  historyEventsPerWorkflow: { mean: number; max: number; sampled: number };
  /** Read from the worker's Prometheus endpoint (METRICS_BIND_ADDRESS) after the burst. */
  workerMetrics: {
    gatesPassed: number;
    workflowsCompleted: number;
    activityTasksReceived: number;
    /** Mean wait of a task for this worker (the SDK's histograms, in ms): high means the worker is the limit. */
    workflowTaskScheduleToStartMeanMs: number;
    activityScheduleToStartMeanMs: number;
    /** Workflow tasks this worker completed, and the mean time it spent on one (activation to completion). */
    workflowTasks: number;
    workflowTaskExecutionMeanMs: number;
    localActivities: number;
    /** Mean run time of one local activity (the lookups) and of one activity task, in ms. */
    localActivityExecutionMeanMs: number;
    activityExecutionMeanMs: number;
    stickyCacheMisses: number;
    stickyCacheForcedEvictions: number;
    /** Peak of the SDK's used-slots gauge, sampled every second during the burst. */
    workflowSlotsUsedPeak: number;
    activitySlotsUsedPeak: number;
  };
}

async function metricsText(stack: LocalStack): Promise<string> {
  if (!stack.worker.metricsUrl) throw new Error('the bench stack runs its worker without a metrics endpoint');
  return (await fetch(stack.worker.metricsUrl)).text();
}

/** Samples the worker's slot gauges every second; their peaks say whether the slots were ever the limit. */
function watchSlots(stack: LocalStack): { stop(): { workflow: number; activity: number } } {
  const peak = { workflow: 0, activity: 0 };
  const timer = setInterval(() => {
    metricsText(stack).then((text) => {
      for (const s of samples(text, 'temporal_worker_task_slots_used')) {
        if (s.labels.worker_type === 'WorkflowWorker') peak.workflow = Math.max(peak.workflow, s.value);
        if (s.labels.worker_type === 'ActivityWorker') peak.activity = Math.max(peak.activity, s.value);
      }
    }, () => undefined);
  }, 1_000);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** The total of one metric's samples in a Prometheus text, over the labels `match` accepts. */
function sumOf(text: string, metric: string, match: (labels: Record<string, string>) => boolean = () => true): number {
  return samples(text, metric).filter((s) => match(s.labels)).reduce((total, s) => total + s.value, 0);
}

async function readWorkerMetrics(stack: LocalStack, slots: { workflow: number; activity: number }): Promise<BurstResult['workerMetrics']> {
  const text = await metricsText(stack);
  const sum = (metric: string, match?: (labels: Record<string, string>) => boolean) => sumOf(text, metric, match);
  const histogramMean = (metric: string) => round(sum(`${metric}_sum`) / Math.max(1, sum(`${metric}_count`)), 1);
  return {
    gatesPassed: sum('fleet_action_outcomes', (l) => l.action === 'launch_gate' && l.outcome === 'passed'),
    workflowsCompleted: sum('temporal_workflow_completed', (l) => l.workflow_type === LAUNCH_GATE_WORKFLOW),
    activityTasksReceived: sum('temporal_activity_task_received'),
    workflowTaskScheduleToStartMeanMs: histogramMean('temporal_workflow_task_schedule_to_start_latency'),
    activityScheduleToStartMeanMs: histogramMean('temporal_activity_schedule_to_start_latency'),
    workflowTasks: sum('temporal_workflow_task_execution_latency_count'),
    workflowTaskExecutionMeanMs: histogramMean('temporal_workflow_task_execution_latency'),
    localActivities: sum('temporal_local_activity_total'),
    localActivityExecutionMeanMs: histogramMean('temporal_local_activity_execution_latency'),
    activityExecutionMeanMs: histogramMean('temporal_activity_execution_latency'),
    stickyCacheMisses: sum('temporal_sticky_cache_miss'),
    stickyCacheForcedEvictions: sum('temporal_sticky_cache_total_forced_eviction'),
    workflowSlotsUsedPeak: slots.workflow,
    activitySlotsUsedPeak: slots.activity,
  };
}

/** Gates the worker closed, however they ended. */
async function gatesClosed(stack: LocalStack): Promise<number> {
  const text = await metricsText(stack);
  const closed = ['temporal_workflow_completed', 'temporal_workflow_failed', 'temporal_workflow_canceled'];
  const isGate = (labels: Record<string, string>) => labels.workflow_type === LAUNCH_GATE_WORKFLOW;
  return closed.reduce((total, metric) => total + sumOf(text, metric, isGate), 0);
}

const HISTORY_SAMPLE = 50;
/** Concurrent bridge invocations (Lambda's concurrency for the event source). */
export const BRIDGE_CONCURRENCY = 20;

async function gateStartTimes(stack: LocalStack, group: string): Promise<{ ids: string[]; starts: number[] }> {
  const ids: string[] = [];
  const starts: number[] = [];
  for await (const run of stack.client.workflow.list({ query: `WorkflowType = "${LAUNCH_GATE_WORKFLOW}"` })) {
    if ((run.memo as { autoScalingGroupName?: string } | undefined)?.autoScalingGroupName !== group) continue;
    ids.push(run.workflowId);
    starts.push(run.startTime.getTime());
  }
  return { ids, starts };
}

export async function benchBurst(
  instances: number,
  group: string,
  log: (line: string) => void,
  workerEnv: Record<string, string> = {},
): Promise<BurstResult> {
  // Instances serve as soon as they exist: the burst measures the product, not a boot delay.
  const stack = await startBenchStack({ instanceBootMs: 0, contentSyncMs: 0 }, log, workerEnv);
  try {
    const bridge = limitBridgeConcurrency(stack, BRIDGE_CONCURRENCY, log);
    const workerPid = findWorkerPid(stack);
    const rss = watchRss(workerPid);
    const cpu = watchCpu({ worker: workerPid, server: findDevServerPid(stack.temporalAddress), bench: process.pid });
    const cpuWindowStart = Date.now();
    const slots = watchSlots(stack);
    log(`burst ${instances}: scaling ${group} from 0 to ${instances}`);
    await post(stack, `/_sim/asg/${group}/desired-capacity`, { desiredCapacity: instances });
    const done = (s: Awaited<ReturnType<typeof simState>>) =>
      s.lifecycleActions.filter((a) => a.autoScalingGroupName === group && a.transition.includes('LAUNCHING'));
    // Asked of the worker's metrics, not of /_sim/state (serialising thousands of instances every
    // second would slow the simulator and bridge that share this process) nor of Temporal's
    // visibility (two counts a second over a growing table were server CPU the product never spends).
    await waitUntil(`${instances} gates closed`, 600_000, async () => (await gatesClosed(stack)) >= instances, 1_000);
    const cpuMs = cpu.stop();
    const cpuWindowSeconds = round((Date.now() - cpuWindowStart) / 1000, 2);
    const slotPeaks = slots.stop();
    await waitUntil(`${instances} launch actions decided`, 30_000, async () => done(await simState(stack)).length >= instances, 2_000);
    const workerRssPeakMb = rss.stop();
    const actions = done(await simState(stack));
    const latencies = actions.map((a) => Date.parse(a.endedAt) - Date.parse(a.startedAt));
    const firstEvent = Math.min(...actions.map((a) => Date.parse(a.startedAt)));
    const lastComplete = Math.max(...actions.map((a) => Date.parse(a.endedAt)));
    const { ids, starts } = await gateStartTimes(stack, group);
    const sample = ids.slice(0, HISTORY_SAMPLE);
    const historyLengths = await Promise.all(
      sample.map(async (id) => (await stack.client.workflow.getHandle(id).fetchHistory()).events?.length ?? 0),
    );
    const result: BurstResult = {
      instances,
      bridgeFailures: bridge.failures(),
      completedContinue: actions.filter((a) => a.decidedBy === 'CompleteLifecycleAction' && a.result === 'CONTINUE').length,
      drainSeconds: round((lastComplete - firstEvent) / 1000, 2),
      eventsPerSecondStarted: round(ids.length / Math.max(0.001, (Math.max(...starts) - firstEvent) / 1000)),
      eventToCompleteMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(Math.max(...latencies)) },
      workerRssPeakMb: round(workerRssPeakMb),
      cpuMsPerGate: {
        worker: round(cpuMs.worker / instances, 2),
        server: round(cpuMs.server / instances, 2),
        bench: round(cpuMs.bench / instances, 2),
      },
      cpuWindowSeconds,
      otherProcessesCpuSeconds: round(cpuMs.others / 1000, 1),
      historyEventsPerWorkflow: { mean: round(mean(historyLengths)), max: Math.max(...historyLengths), sampled: sample.length },
      workerMetrics: await readWorkerMetrics(stack, slotPeaks),
    };
    log(`burst ${instances}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await stack.stop();
  }
}
