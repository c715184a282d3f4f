import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cli } from './cli-io';
import { exampleConfigPath, fixturePath } from './fixtures';

const repo = join(__dirname, '..', '..');

function workflowIdsOf(output: unknown): string[] {
  const starts = (output as { starts?: { workflowId: string }[] }).starts ?? [];
  return starts.map((s) => s.workflowId);
}

describe('route prints what each fixture would start', () => {
  test.each([
    ['eventbridge-launch-lifecycle-action.json', ['launch-gate/i-0598c7d356eba48d7/87654321-4321-4321-4321-210987654321', 'fleet/web-prod']],
    ['eventbridge-terminate-lifecycle-action.json', ['terminate/i-0598c7d356eba48d7/b2f3c1a0-7d5e-4c8b-9a1f-0e6d2c4b8a71']],
    ['cloudtrail-create-image.json', ['golden-image/ap-northeast-1/ami-0c55b159cbfafe1f0']],
    ['cloudtrail-create-auto-scaling-group.json', ['pin-latest/ap-northeast-1/api-prod-ApiAsg-9Z8Y7X6W5V4U/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d']],
  ])('%s', async (name, ids) => {
    // The image's source group is given, as an operator without AWS access would.
    const run = await cli(['route', '--event', fixturePath(name), '--source-group', 'web-prod-WebAsg-1A2B3C4D5E6F']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(workflowIdsOf(run.json())).toEqual(ids);
    expect((run.json() as { starts: { taskQueue: string; args: unknown[] }[] }).starts.every((s) => s.taskQueue === 'fleet-workflows' && s.args.length === 1)).toBe(true);
  });

  test('SQS batches print one result per record, messageId first', async () => {
    const run = await cli(['route', '--event', fixturePath('sqs-lifecycle-notification.json')]);

    expect(run.code).toBe(0);
    expect(run.json()).toEqual([
      expect.objectContaining({
        messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
        eventId: '8e5ccd3a-2c5b-4f6a-9d1e-7b3f2a1c2bbd',
        starts: [expect.objectContaining({ workflowId: 'terminate/i-0598c7d356eba48d7/b2f3c1a0-7d5e-4c8b-9a1f-0e6d2c4b8a71' })],
      }),
    ]);
  });

  test('an EventBridge event inside an SQS record', async () => {
    const run = await cli(['route', '--event', fixturePath('sqs-eventbridge-launch.json')]);

    expect(run.code).toBe(0);
    expect(workflowIdsOf((run.json() as unknown[])[0])).toEqual([
      'launch-gate/i-0598c7d356eba48d7/87654321-4321-4321-4321-210987654321',
      'fleet/web-prod',
    ]);
  });

  test.each([
    ['sqs-test-notification.json', 'test notification'],
    ['eventbridge-instance-state-change.json', 'no route for aws.ec2'],
  ])('%s is ignored with exit code 0', async (name, reason) => {
    const run = await cli(['route', '--event', fixturePath(name)]);

    expect(run.code).toBe(0);
    expect(JSON.stringify(run.json())).toContain(reason);
  });

  test('a group selected by stack name, with the stack given on the command line', async () => {
    const event = JSON.parse(readFileSync(fixturePath('eventbridge-terminate-lifecycle-action.json'), 'utf8')) as { detail: Record<string, string> };
    event.detail.AutoScalingGroupName = 'api-prod-ApiAsg-9Z8Y7X6W5V4U';

    const run = await cli(['route', '--event', '-', '--stack-name', 'api-prod'], {}, JSON.stringify(event));

    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ fleet: 'api-prod', starts: [{ workflowType: 'terminateWorkflow' }] });
  });

  test('the task queue comes from TEMPORAL_TASK_QUEUE when the config names none', async () => {
    const run = await cli(['route', '--event', fixturePath('cloudtrail-create-image.json'), '--source-group', 'web-prod-WebAsg-1A2B3C4D5E6F'], {
      TEMPORAL_TASK_QUEUE: 'fleet-staging',
    });

    expect((run.json() as { starts: { taskQueue: string }[] }).starts[0]!.taskQueue).toBe('fleet-staging');
  });
});

describe('what the CLI needs to print exactly what the Lambda would start', () => {
  const bareBody = () => JSON.parse(readFileSync(fixturePath('sqs-lifecycle-notification.json'), 'utf8')).Records[0].body as string;

  test('a bare SQS body without --region is refused, saying what is needed, with nothing printed', async () => {
    const run = await cli(['route', '--event', '-'], {}, bareBody());

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("pass --region with the queue's region");
  });

  test('a bare SQS body with --region routes exactly as its SQS record does', async () => {
    const fromBody = await cli(['route', '--event', '-', '--region', 'ap-northeast-1'], {}, bareBody());
    const fromRecord = await cli(['route', '--event', fixturePath('sqs-lifecycle-notification.json')]);

    expect(fromBody.code).toBe(0);
    const [record] = fromRecord.json() as { messageId: string; starts: unknown[] }[];
    expect((fromBody.json() as { starts: unknown[] }).starts).toEqual(record!.starts);
    expect((fromBody.json() as { starts: { args: { action: { region?: string } }[] }[] }).starts[0]!.args[0]!.action.region).toBe('ap-northeast-1');
  });

  test('Records: [null] is a malformed record, reported, not a crash', async () => {
    const run = await cli(['route', '--event', '-'], {}, '{"Records":[null]}');

    expect(run.code).toBe(1);
    expect(run.json()).toEqual([{ error: 'malformed event Records.0: Records.0: not an SQS record (null)' }]);
    expect(run.stderr).toContain('one or more records are malformed');
  });

  test('an SNS-wrapped hook notification prints the same workflow id as the direct one', async () => {
    const direct = await cli(['route', '--event', fixturePath('sqs-lifecycle-notification.json')]);
    const viaSns = await cli(['route', '--event', fixturePath('sqs-sns-lifecycle-notification.json')]);

    expect(viaSns.code).toBe(0);
    expect(workflowIdsOf((viaSns.json() as unknown[])[0])).toEqual(workflowIdsOf((direct.json() as unknown[])[0]));
  });
});

describe('malformed events exit non-zero and name the field on stderr', () => {
  test.each([
    ['malformed-eventbridge-launch-missing-instance-id.json', 'detail.EC2InstanceId'],
    ['malformed-eventbridge-terminate-empty-token.json', 'detail.LifecycleActionToken'],
    ['malformed-cloudtrail-create-image-bad-image-id.json', 'detail.responseElements.imageId'],
    ['malformed-cloudtrail-create-auto-scaling-group-missing-name.json', 'detail.requestParameters.autoScalingGroupName'],
    ['malformed-sqs-lifecycle-notification.json', 'LifecycleHookName'],
    ['malformed-sqs-body-not-json.json', 'body: not JSON'],
  ])('%s', async (name, field) => {
    const run = await cli(['route', '--event', fixturePath(name)]);

    expect(run.code).toBe(1);
    const message = run.stderr + run.stdout;
    expect(message).toContain(field);
  });

  test('a file that is not JSON', async () => {
    const run = await cli(['route', '--event', '-'], {}, 'not json');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('event (stdin) is not JSON');
  });
});

describe('configuration', () => {
  test('--config wins over FLEET_CONFIG; a bad config names the file and field', async () => {
    const bad = join(repo, 'test', 'fixtures', 'events', 'cloudtrail-create-image.json');

    const run = await cli(['--config', bad, 'route', '--event', fixturePath('cloudtrail-create-image.json')], { FLEET_CONFIG: exampleConfigPath });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}: version: expected version: 1`);
  });

  test('FLEET_CONFIG is used when --config is absent', async () => {
    const run = await cli(['route', '--event', fixturePath('cloudtrail-create-image.json')], { FLEET_CONFIG: '/nonexistent/fleet.yaml' });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read fleet configuration /nonexistent/fleet.yaml');
  });

  test('every command has --help', async () => {
    for (const argv of [['--help'], ['route', '--help'], ['start', '--help'], ['release-window', 'open', '--help'], ['release-window', 'close', '--help'], ['status', '--help'], ['ecs', '--help']]) {
      const run = await cli(argv);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: fleet-workflows');
    }
  });
});

describe('the installed bin', () => {
  const run = promisify(execFile);

  test('npx fleet-workflows route works from the repository', async () => {
    const argv = ['--no-install', 'fleet-workflows', 'route', '--event', fixturePath('cloudtrail-create-image.json'), '--source-group', 'web-prod-WebAsg-1A2B3C4D5E6F'];
    const { stdout } = await run('npx', argv, { cwd: repo });

    expect(workflowIdsOf(JSON.parse(stdout))).toEqual(['golden-image/ap-northeast-1/ami-0c55b159cbfafe1f0']);
  }, 30_000);

  test('a malformed event exits 1 with the field on stderr', async () => {
    const failure = await run(process.execPath, [join(repo, 'bin', 'fleet-workflows.js'), 'route', '--event', fixturePath('malformed-eventbridge-launch-missing-instance-id.json')], {
      cwd: repo,
    }).catch((err: { code: number; stderr: string }) => err);

    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining('detail.EC2InstanceId') });
  }, 30_000);
});
