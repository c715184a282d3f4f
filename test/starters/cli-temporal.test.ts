import { useDevServerWorker } from '../helpers/dev-server-worker';
import { cli } from './cli-io';
import { fixturePath } from './fixtures';
import { finishSignal } from './test-workflows';

const server = useDevServerWorker(require.resolve('./test-workflows'), 'cli');
const temporalEnv = (): NodeJS.ProcessEnv => ({ TEMPORAL_ADDRESS: server.env.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: server.taskQueue });

test('start starts what route prints, once: a second start of the same event joins the run', async () => {
  // Act
  // The image's source group is given, so the CLI asks EC2 nothing.
  const argv = ['start', '--event', fixturePath('cloudtrail-create-image.json'), '--source-group', 'web-prod-WebAsg-1A2B3C4D5E6F'];
  const first = await cli(argv, temporalEnv());
  const second = await cli(argv, temporalEnv());

  // Assess
  expect(first.stderr).toBe('');
  const workflowId = 'golden-image/ap-northeast-1/ami-0c55b159cbfafe1f0';
  const [a] = (first.json() as { started: { workflowId: string; outcome: string; runId: string }[] }).started;
  const [b] = (second.json() as { started: { workflowId: string; outcome: string; runId: string }[] }).started;
  expect(a).toMatchObject({ workflowId, outcome: 'running' });
  expect(b!.runId).toBe(a!.runId);
  const described = await server.env.client.workflow.getHandle(workflowId).describe();
  expect(described.type).toBe('goldenImageWorkflow');
  expect(described.memo).toMatchObject({ trigger: 'CloudTrail CreateImage', imageId: 'ami-0c55b159cbfafe1f0' });
});

test('release-window open then close signals the fleet entity by name, starting it if needed', async () => {
  // Act
  const open = await cli(['release-window', 'open', '--fleet', 'batch', '--ttl-minutes', '90', '--by', 'alice', '--reason', 'release 2024.05'], temporalEnv());
  const close = await cli(['release-window', 'close', '--fleet', 'batch', '--by', 'bob', '--reason', 'done'], temporalEnv());
  const status = await cli(['status', '--workflow-id', 'fleet/batch'], temporalEnv());

  // Assess
  expect(open.code).toBe(0);
  expect(close.code).toBe(0);
  expect(open.json()).toMatchObject({ workflowId: 'fleet/batch', signal: 'openReleaseWindow', ttlMinutes: 90, by: 'alice' });
  expect(status.code).toBe(0);
  expect(status.json()).toMatchObject({
    workflowId: 'fleet/batch',
    type: 'fleetWorkflow',
    status: 'RUNNING',
    progressQuery: 'fleetState',
    progress: { fleetName: 'batch', signals: [{ name: 'openReleaseWindow' }, { name: 'closeReleaseWindow' }] },
  });
  const handle = server.env.client.workflow.getHandle('fleet/batch');
  const signals = (await handle.query<{ signals: { name: string; args: unknown }[] }>('progress')).signals;
  expect(signals).toEqual([
    { name: 'openReleaseWindow', args: { ttlMinutes: 90, by: 'alice', reason: 'release 2024.05' } },
    { name: 'closeReleaseWindow', args: { by: 'bob', reason: 'done' } },
  ]);
});

test('release-window refuses a bad --ttl-minutes before contacting Temporal', async () => {
  const run = await cli(['release-window', 'open', '--fleet', 'batch', '--ttl-minutes', '-5', '--by', 'a', '--reason', 'b'], {
    TEMPORAL_ADDRESS: '127.0.0.1:1',
  });

  expect(run.code).toBe(2);
  expect(run.stderr).toContain('expected a positive whole number of minutes');
});

test('status shows progress from the workflow query and the result once completed', async () => {
  // Prepare
  const started = await cli(['start', '--event', fixturePath('eventbridge-terminate-lifecycle-action.json')], temporalEnv());
  const workflowId = (started.json() as { started: { workflowId: string }[] }).started[0]!.workflowId;

  // Act
  const running = await cli(['status', '--workflow-id', workflowId], temporalEnv());
  const handle = server.env.client.workflow.getHandle(workflowId);
  await handle.signal(finishSignal);
  await handle.result();
  const completed = await cli(['status', '--workflow-id', workflowId], temporalEnv());

  // Assess
  expect(running.json()).toMatchObject({
    type: 'terminateWorkflow',
    status: 'RUNNING',
    progressQuery: 'terminateProgress',
    progress: { phase: 'waiting', input: { settings: { fleetName: 'web-prod' } } },
  });
  expect(completed.json()).toMatchObject({
    status: 'COMPLETED',
    memo: { fleet: 'web-prod' },
    result: { settings: { fleetName: 'web-prod' } },
  });
});

test('status of an unknown workflow exits 1 naming it', async () => {
  const run = await cli(['status', '--workflow-id', 'terminate/i-00000000000000000/none'], temporalEnv());

  expect(run.code).toBe(1);
  expect(run.stderr).toContain('no workflow terminate/i-00000000000000000/none');
});
