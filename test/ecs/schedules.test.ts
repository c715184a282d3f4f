import { join } from 'node:path';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Command } from 'commander';
import { ECS_SHUTDOWN_WORKFLOW, ECS_STARTUP_WORKFLOW, type EcsStartupInput } from '../../common/ecs-plan';
import { registerEcsCommands } from '../../starters/ecs/ecs-commands';
import { loadEcsPlanFile } from '../../starters/ecs/plan-file';
import { deleteEcsSchedules, listEcsSchedules, upsertEcsSchedules, type EcsScheduleListing } from '../../starters/ecs/schedules';
import { createLocalEnv } from '../helpers/time-skipping';

const example = join(__dirname, '..', '..', 'examples', 'ecs-plan.yaml');
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createLocalEnv();
}, 60_000);

afterAll(async () => {
  await env?.teardown();
});

/** Schedule listing is eventually consistent: ask until the expected ids show up. */
async function listUntil(planName: string, expected: number): Promise<EcsScheduleListing[]> {
  for (let i = 0; i < 50; i += 1) {
    const found = await listEcsSchedules(env.client, planName);
    if (found.length === expected) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return listEcsSchedules(env.client, planName);
}

function program(printed: unknown[]): Command {
  const root = new Command('fleet-workflows').exitOverride();
  registerEcsCommands(root, {
    client: async () => env.client,
    temporalConfig: () => ({ taskQueue: 'ecs-schedule-test' }),
    print: (value) => printed.push(value),
  });
  return root;
}

test('start and stop schedules are created in the plan time zone, listed, updated in place and deleted', async () => {
  // Prepare
  const { plan } = loadEcsPlanFile(example, { env: 'sched' });

  // Act: create
  const created = await upsertEcsSchedules(env.client, {
    plan,
    taskQueue: 'ecs-schedule-test',
    start: '0 8 * * 1-5',
    stop: '0 22 * * 1-5',
    timezone: 'Asia/Tokyo',
  });

  // Assess
  expect(created.map((c) => [c.scheduleId, c.change])).toEqual([
    ['ecs-startup/myapp-sched', 'created'],
    ['ecs-shutdown/myapp-sched', 'created'],
  ]);
  const start = await env.client.schedule.getHandle('ecs-startup/myapp-sched').describe();
  expect(start.spec.timezone).toBe('Asia/Tokyo');
  expect(start.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
  expect(start.action).toMatchObject({ type: 'startWorkflow', workflowType: ECS_STARTUP_WORKFLOW, taskQueue: 'ecs-schedule-test' });
  expect((start.action.args as EcsStartupInput[])[0]?.plan).toEqual(JSON.parse(JSON.stringify(plan)));
  // Weekdays at 08:00 in Tokyo are 23:00 UTC the day before.
  const next = start.info.nextActionTimes.map((d) => d.toISOString());
  expect(next.length).toBeGreaterThan(0);
  for (const time of next) expect(time).toMatch(/T23:00:00\.000Z$/);
  const stop = await env.client.schedule.getHandle('ecs-shutdown/myapp-sched').describe();
  expect(stop.action).toMatchObject({ workflowType: ECS_SHUTDOWN_WORKFLOW });
  for (const time of stop.info.nextActionTimes) expect(time.toISOString()).toMatch(/T13:00:00\.000Z$/);

  const listed = await listUntil('myapp-sched', 2);
  expect(listed.map((s) => [s.scheduleId, s.action, s.note])).toEqual([
    ['ecs-shutdown/myapp-sched', 'shutdown', 'shutdown of myapp-sched: cron "0 22 * * 1-5" in Asia/Tokyo'],
    ['ecs-startup/myapp-sched', 'startup', 'startup of myapp-sched: cron "0 8 * * 1-5" in Asia/Tokyo'],
  ]);

  // Act: update the start time
  const updated = await upsertEcsSchedules(env.client, { plan, taskQueue: 'ecs-schedule-test', start: '30 7 * * 1-5', timezone: 'Asia/Tokyo' });

  // Assess
  expect(updated).toEqual([expect.objectContaining({ scheduleId: 'ecs-startup/myapp-sched', change: 'updated' })]);
  const moved = await env.client.schedule.getHandle('ecs-startup/myapp-sched').describe();
  for (const time of moved.info.nextActionTimes) expect(time.toISOString()).toMatch(/T22:30:00\.000Z$/);

  // Act: delete, twice (the second finds nothing and is fine)
  const deleted = await deleteEcsSchedules(env.client, 'myapp-sched');
  const again = await deleteEcsSchedules(env.client, 'myapp-sched');

  // Assess
  expect(deleted).toEqual(['ecs-startup/myapp-sched', 'ecs-shutdown/myapp-sched']);
  expect(again).toEqual([]);
  expect(await listUntil('myapp-sched', 0)).toEqual([]);
});

test('the CLI creates the schedules from the plan file, lists and deletes them', async () => {
  // Prepare
  const printed: unknown[] = [];

  // Act
  await program(printed).parseAsync(['ecs', 'schedule', 'create', '--plan', example, '--var', 'env=cli'], { from: 'user' });
  await listUntil('myapp-cli', 2);
  await program(printed).parseAsync(['ecs', 'schedule', 'list', '--plan-name', 'myapp-cli'], { from: 'user' });
  await program(printed).parseAsync(['ecs', 'schedule', 'delete', '--plan-name', 'myapp-cli'], { from: 'user' });

  // Assess
  expect(printed[0]).toMatchObject({
    plan: 'myapp-cli',
    schedules: [
      { scheduleId: 'ecs-startup/myapp-cli', cron: '0 8 * * 1-5', timezone: 'Asia/Tokyo', change: 'created' },
      { scheduleId: 'ecs-shutdown/myapp-cli', cron: '0 22 * * 1-5', timezone: 'Asia/Tokyo', change: 'created' },
    ],
  });
  expect((printed[1] as EcsScheduleListing[]).map((s) => s.scheduleId)).toEqual(['ecs-shutdown/myapp-cli', 'ecs-startup/myapp-cli']);
  expect(printed[2]).toEqual({ plan: 'myapp-cli', deleted: ['ecs-startup/myapp-cli', 'ecs-shutdown/myapp-cli'] });
});

test('ecs start runs the startup workflow once per run key, with the resolved plan as input', async () => {
  // Prepare
  const printed: unknown[] = [];
  const args = ['ecs', 'start', '--plan', example, '--var', 'env=once', '--run-key', 'k1'];

  // Act
  await program(printed).parseAsync(args, { from: 'user' });
  const duplicate = await program([]).parseAsync(args, { from: 'user' }).catch((e: unknown) => e);

  // Assess
  expect(printed[0]).toMatchObject({ workflowId: 'ecs-startup/myapp-once/k1', workflowType: ECS_STARTUP_WORKFLOW, plan: 'myapp-once' });
  expect((duplicate as Error).name).toBe('WorkflowExecutionAlreadyStartedError');
  const handle = env.client.workflow.getHandle('ecs-startup/myapp-once/k1');
  const description = await handle.describe();
  expect(description.type).toBe(ECS_STARTUP_WORKFLOW);
  expect(description.memo).toEqual({ plan: 'myapp-once', cluster: 'myapp-once-cluster' });
  const history = await handle.fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  const input = defaultPayloadConverter.fromPayload<EcsStartupInput>(payload!);
  expect(input.plan).toEqual(JSON.parse(JSON.stringify(loadEcsPlanFile(example, { env: 'once' }).plan)));
  await handle.terminate('test done');
});

test('a bad plan file is a CLI error naming the file and the problem, before Temporal is asked', async () => {
  // Act
  const err = await program([])
    .parseAsync(['ecs', 'stop', '--plan', example, '--var', 'env=bad name'], { from: 'user' })
    .catch((e: unknown) => e);

  // Assess
  expect(err).toMatchObject({ name: 'CliError', exitCode: 2 });
  expect((err as Error).message).toMatch(/ecs-plan\.yaml: invalid ECS plan: name: letters, digits/);
});
