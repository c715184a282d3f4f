import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import { ECS_SHUTDOWN_WORKFLOW, ECS_STARTUP_WORKFLOW, type EcsPlan } from '../../common/ecs-plan';
import { workflowIds } from '../../common/workflow-ids';
import { startSummary } from '../temporal/start-summary';
import { ecsRunMemo } from './run-memo';

export type EcsScheduleAction = 'startup' | 'shutdown';

export interface EcsScheduleRequest {
  plan: EcsPlan;
  taskQueue: string;
  /** Cron expressions (minute hour day-of-month month day-of-week); absent = that schedule is not touched. */
  start?: string;
  stop?: string;
  /** IANA time zone the cron expressions are read in, e.g. Asia/Tokyo; UTC when absent. */
  timezone?: string;
}

export interface EcsScheduleChange {
  scheduleId: string;
  action: EcsScheduleAction;
  change: 'created' | 'updated';
  cron: string;
  timezone: string;
}

export interface EcsScheduleListing {
  scheduleId: string;
  plan: string;
  action: EcsScheduleAction;
  note?: string;
  paused: boolean;
  nextRuns: string[];
}

const PREFIX: Record<EcsScheduleAction, string> = { startup: 'ecs-startup', shutdown: 'ecs-shutdown' };

export function ecsScheduleId(planName: string, action: EcsScheduleAction): string {
  return `${PREFIX[action]}/${planName}`;
}

function scheduleOptions(request: EcsScheduleRequest, action: EcsScheduleAction, cron: string): ScheduleOptions {
  const timezone = request.timezone ?? 'UTC';
  const { plan } = request;
  return {
    scheduleId: ecsScheduleId(plan.name, action),
    spec: { cronExpressions: [cron], timezone },
    action: {
      type: 'startWorkflow',
      workflowType: action === 'startup' ? ECS_STARTUP_WORKFLOW : ECS_SHUTDOWN_WORKFLOW,
      args: [{ plan }],
      taskQueue: request.taskQueue,
      // The server appends the scheduled time, so each run gets its own id.
      workflowId: action === 'startup' ? workflowIds.ecsStartup(plan.name, 'scheduled') : workflowIds.ecsShutdown(plan.name, 'scheduled'),
      staticSummary: startSummary(action === 'startup' ? ECS_STARTUP_WORKFLOW : ECS_SHUTDOWN_WORKFLOW, plan.name, { plan: plan.name, cluster: plan.cluster }),
      ...(plan.mode === 'observe' ? { memo: ecsRunMemo(plan) } : {}),
    },
    // A late start is skipped rather than queued behind another; start vs stop of the
    // same plan is kept apart by the workflows' plan lock (see docs/ecs.md).
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' },
    memo: { plan: plan.name, cluster: plan.cluster, action },
    state: { note: `${action} of ${plan.name}: cron "${cron}" in ${timezone}` },
  };
}

/** Creates the plan's start and/or stop schedule, or updates it in place when it exists. */
export async function upsertEcsSchedules(client: Client, request: EcsScheduleRequest): Promise<EcsScheduleChange[]> {
  const changes: EcsScheduleChange[] = [];
  const wanted: [EcsScheduleAction, string | undefined][] = [
    ['startup', request.start],
    ['shutdown', request.stop],
  ];
  for (const [action, cron] of wanted) {
    if (!cron) continue;
    const options = scheduleOptions(request, action, cron);
    const base = { scheduleId: options.scheduleId, action, cron, timezone: request.timezone ?? 'UTC' };
    try {
      await client.schedule.create(options);
      changes.push({ ...base, change: 'created' });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({
        ...previous,
        spec: options.spec,
        action: options.action,
        policies: options.policies,
        state: { ...previous.state, note: options.state?.note },
      }));
      changes.push({ ...base, change: 'updated' });
    }
  }
  return changes;
}

/** The ECS schedules on the namespace, optionally for one plan. */
export async function listEcsSchedules(client: Client, planName?: string): Promise<EcsScheduleListing[]> {
  const found: EcsScheduleListing[] = [];
  for await (const summary of client.schedule.list()) {
    const action = (Object.keys(PREFIX) as EcsScheduleAction[]).find((a) => summary.scheduleId.startsWith(`${PREFIX[a]}/`));
    if (!action) continue;
    const plan = summary.scheduleId.slice(PREFIX[action].length + 1);
    if (planName && plan !== planName) continue;
    found.push({
      scheduleId: summary.scheduleId,
      plan,
      action,
      note: summary.state.note,
      paused: summary.state.paused,
      nextRuns: summary.info.nextActionTimes.slice(0, 3).map((d) => d.toISOString()),
    });
  }
  return found.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}

/** Deletes the plan's schedules; one already gone counts as deleted. Returns the ids that existed. */
export async function deleteEcsSchedules(client: Client, planName: string): Promise<string[]> {
  const deleted: string[] = [];
  for (const action of Object.keys(PREFIX) as EcsScheduleAction[]) {
    const id = ecsScheduleId(planName, action);
    try {
      await client.schedule.getHandle(id).delete();
      deleted.push(id);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return deleted;
}
