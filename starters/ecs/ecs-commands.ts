import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { ECS_SHUTDOWN_WORKFLOW, ECS_STARTUP_WORKFLOW, type EcsRunResult } from '../../common/ecs-plan';
import { workflowIds } from '../../common/workflow-ids';
import { CliError } from '../cli/cli-context';
import { startSummary } from '../temporal/start-summary';
import { EcsPlanError, loadEcsPlanFile, type LoadedEcsPlan } from './plan-file';
import { ecsRunMemo } from './run-memo';
import { deleteEcsSchedules, listEcsSchedules, upsertEcsSchedules } from './schedules';

/** What the ECS commands need from the CLI; the CLI's own context satisfies it. */
export interface EcsCommandDeps {
  client(): Promise<Client>;
  temporalConfig(): { taskQueue: string };
  /** JSON on stdout. */
  print(value: unknown): void;
}

interface PlanOptions {
  plan: string;
  var: Record<string, string>;
  observe?: boolean;
}

function collectVar(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new CliError(`--var ${value}: expected name=value, e.g. --var env=stg`, 2);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

function loadPlan(options: PlanOptions): LoadedEcsPlan {
  try {
    const loaded = loadEcsPlanFile(options.plan, options.var);
    return options.observe ? { ...loaded, plan: { ...loaded.plan, mode: 'observe' } } : loaded;
  } catch (err) {
    if (err instanceof EcsPlanError) throw new CliError(err.message, 2);
    throw err;
  }
}

function withPlanOptions(command: Command): Command {
  return command
    .requiredOption('--plan <file>', 'ECS plan, YAML or JSON (see examples/ecs-plan.yaml)')
    .option('--var <name=value>', 'set a ${name} placeholder of the plan (repeatable)', collectVar, {})
    .option('--observe', "read and decide, change nothing: record each write it would have made (the plan's mode: observe)");
}

/** `ecs start|stop --plan FILE` and `ecs schedule create|list|delete`. */
export function registerEcsCommands(program: Command, deps: EcsCommandDeps): void {
  const ecs = program.command('ecs').description('dependency-ordered ECS startup and shutdown of a plan, now or on a schedule');

  for (const [name, workflowType, idFor] of [
    ['start', ECS_STARTUP_WORKFLOW, workflowIds.ecsStartup],
    ['stop', ECS_SHUTDOWN_WORKFLOW, workflowIds.ecsShutdown],
  ] as const) {
    withPlanOptions(ecs.command(name))
      .description(name === 'start' ? "start the plan's services in dependency order" : "stop the plan's services, dependents first")
      .option('--run-key <key>', 'part of the workflow id; the same key never starts twice (default: manual-<time>)')
      .option('--wait', 'wait for the result and print it')
      .addHelpText('after', `\nExample: fleet-workflows ecs ${name} --plan examples/ecs-plan.yaml --var env=stg --wait`)
      .action(async (options: PlanOptions & { runKey?: string; wait?: boolean }) => {
        const { plan } = loadPlan(options);
        const workflowId = idFor(plan.name, options.runKey ?? `manual-${new Date().toISOString()}`);
        const client = await deps.client();
        const handle = await client.workflow.start(workflowType, {
          taskQueue: deps.temporalConfig().taskQueue,
          workflowId,
          args: [{ plan }],
          memo: ecsRunMemo(plan),
          staticSummary: startSummary(workflowType, workflowId, { plan: plan.name, cluster: plan.cluster }),
        });
        if (!options.wait) {
          deps.print({ workflowId, runId: handle.firstExecutionRunId, workflowType, plan: plan.name });
          return;
        }
        const result = (await handle.result()) as EcsRunResult;
        deps.print({ workflowId, ...result });
        if (result.outcome !== 'succeeded') throw new CliError(result.summary, 1);
      });
  }

  const schedule = ecs.command('schedule').description('Temporal Schedules that start and stop a plan (replacing the EventBridge schedule)');

  withPlanOptions(schedule.command('create'))
    .description("create or update the plan's start and stop schedules")
    .option('--start <cron>', 'when to start, cron in --timezone (default: the plan\'s schedule.start)')
    .option('--stop <cron>', 'when to stop (default: the plan\'s schedule.stop)')
    .option('--timezone <zone>', 'IANA time zone, e.g. Asia/Tokyo (default: the plan\'s schedule.timezone, then UTC)')
    .addHelpText('after', '\nExample: fleet-workflows ecs schedule create --plan examples/ecs-plan.yaml --start "0 8 * * 1-5" --stop "0 22 * * 1-5" --timezone Asia/Tokyo')
    .action(async (options: PlanOptions & { start?: string; stop?: string; timezone?: string }) => {
      const { plan, schedule: fromPlan } = loadPlan(options);
      const start = options.start ?? fromPlan?.start;
      const stop = options.stop ?? fromPlan?.stop;
      if (!start && !stop) throw new CliError('nothing to schedule: give --start and/or --stop, or schedule.start/stop in the plan', 2);
      const changes = await upsertEcsSchedules(await deps.client(), {
        plan,
        taskQueue: deps.temporalConfig().taskQueue,
        start,
        stop,
        timezone: options.timezone ?? fromPlan?.timezone,
      });
      deps.print({ plan: plan.name, schedules: changes });
    });

  schedule
    .command('list')
    .description('the ECS schedules, with their next runs')
    .option('--plan-name <name>', 'only this plan')
    .action(async (options: { planName?: string }) => {
      deps.print(await listEcsSchedules(await deps.client(), options.planName));
    });

  schedule
    .command('delete')
    .description("delete a plan's start and stop schedules")
    .option('--plan <file>', 'the plan file (its name is used)')
    .option('--var <name=value>', 'set a ${name} placeholder of the plan (repeatable)', collectVar, {})
    .option('--plan-name <name>', 'the plan name, instead of --plan')
    .action(async (options: Partial<PlanOptions> & { planName?: string }) => {
      const planName = options.planName ?? (options.plan ? loadPlan({ plan: options.plan, var: options.var ?? {} }).plan.name : undefined);
      if (!planName) throw new CliError('schedule delete: give --plan <file> or --plan-name <name>', 2);
      const deleted = await deleteEcsSchedules(await deps.client(), planName);
      deps.print({ plan: planName, deleted });
    });
}
