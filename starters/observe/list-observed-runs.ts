import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { ECS_SHUTDOWN_WORKFLOW, ECS_STARTUP_WORKFLOW } from '../../common/ecs-plan';
import { GOLDEN_IMAGE_WORKFLOW, PIN_LATEST_WORKFLOW } from '../../common/golden-image';
import { LAUNCH_GATE_WORKFLOW, LAUNCH_GATE_WORKFLOW_V1 } from '../../common/launch-gate';
import { isObserveMemo, OBSERVE_MEMO_KEY, type WouldHave } from '../../common/observe';
import { TERMINATE_WORKFLOW } from '../../common/terminate';
import type { ObservedRun } from './observed-run';

/** The workflow types that can observe; the fleet entity only remembers launches and writes nothing. */
export const OBSERVABLE_WORKFLOW_TYPES = [
  LAUNCH_GATE_WORKFLOW,
  LAUNCH_GATE_WORKFLOW_V1,
  TERMINATE_WORKFLOW,
  GOLDEN_IMAGE_WORKFLOW,
  PIN_LATEST_WORKFLOW,
  ECS_STARTUP_WORKFLOW,
  ECS_SHUTDOWN_WORKFLOW,
] as const;

export interface ListObservedRunsOptions {
  since: Date;
  /** Only runs whose memo names this fleet, or this ECS plan. */
  fleet?: string;
}

/**
 * Runs started since `since` in observe mode, oldest first. Memos are not searchable, so the
 * visibility query narrows by type and start time and the mode and fleet are read from each memo.
 */
export async function listObservedRuns(client: Client, options: ListObservedRunsOptions): Promise<ObservedRun[]> {
  const types = OBSERVABLE_WORKFLOW_TYPES.map((t) => `'${t}'`).join(', ');
  const query = `WorkflowType IN (${types}) AND StartTime >= '${options.since.toISOString()}'`;
  const runs: ObservedRun[] = [];
  for await (const info of client.workflow.list({ query })) {
    const memo = info.memo ?? {};
    if (!isObserving(memo)) continue;
    if (options.fleet !== undefined && memo.fleet !== options.fleet && memo.plan !== options.fleet) continue;
    runs.push(await readRun(client, info, memo));
  }
  return runs.sort((a, b) => a.startTime.localeCompare(b.startTime) || a.workflowId.localeCompare(b.workflowId));
}

function isObserving(memo: Record<string, unknown>): boolean {
  return memo.mode === 'observe' || isObserveMemo(memo[OBSERVE_MEMO_KEY]);
}

async function readRun(client: Client, info: WorkflowExecutionInfo, memo: Record<string, unknown>): Promise<ObservedRun> {
  const result = info.status.name === 'COMPLETED' ? await resultOf(client, info) : undefined;
  const fromMemo = memo[OBSERVE_MEMO_KEY];
  const wouldHave: WouldHave[] = Array.isArray(result?.observed)
    ? (result.observed as WouldHave[])
    : isObserveMemo(fromMemo)
      ? fromMemo.wouldHave
      : [];
  const text = (key: string): string | undefined => (typeof memo[key] === 'string' ? (memo[key] as string) : undefined);
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    workflowType: info.type,
    status: info.status.name,
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString(),
    fleet: text('fleet'),
    plan: text('plan'),
    region: regionOf(await inputOf(client, info)) ?? (typeof result?.region === 'string' ? result.region : undefined),
    autoScalingGroupName: text('autoScalingGroupName'),
    instanceId: text('instanceId'),
    imageId: text('imageId'),
    cluster: text('cluster'),
    launchTemplateId: typeof result?.launchTemplateId === 'string' ? result.launchTemplateId : undefined,
    wouldHave,
    outcome: typeof result?.outcome === 'string' ? result.outcome : undefined,
  };
}

type Loose = Record<string, unknown> & { observed?: unknown; region?: unknown; launchTemplateId?: unknown; outcome?: unknown };

async function resultOf(client: Client, info: WorkflowExecutionInfo): Promise<Loose | undefined> {
  const value: unknown = await client.workflow.getHandle(info.workflowId, info.runId).result();
  return typeof value === 'object' && value !== null ? (value as Loose) : undefined;
}

/** The run's first argument, from the first history event only, so a long history is never read whole. */
async function inputOf(client: Client, info: WorkflowExecutionInfo): Promise<unknown> {
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId: info.workflowId, runId: info.runId },
    maximumPageSize: 1,
  });
  const payloads = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  return payloads?.length ? decodeFromPayloadsAtIndex(client.workflow.options.loadedDataConverter, 0, payloads) : undefined;
}

/** Lifecycle inputs keep it in `action`, ECS inputs in `plan`, image inputs at the top. */
function regionOf(input: unknown): string | undefined {
  const i = input as { region?: unknown; action?: { region?: unknown }; plan?: { region?: unknown } } | undefined;
  const region = i?.region ?? i?.action?.region ?? i?.plan?.region;
  return typeof region === 'string' ? region : undefined;
}
