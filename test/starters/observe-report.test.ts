import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  type Activity,
  type ScalingActivityStatusCode,
} from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, DescribeLaunchTemplateVersionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { sameClientsForEveryRegion, type AwsClients } from '../../activities/aws-clients';
import type { WouldHave } from '../../common/observe';
import { compareRun } from '../../starters/observe/compare-run';
import type { ObservedRun } from '../../starters/observe/observed-run';
import { observeReport, type ObserveReport } from '../../starters/observe/observe-report';
import { renderReport } from '../../starters/observe/render-report';
import { parseSince } from '../../starters/observe/since';
import { useDevServerWorker } from '../helpers/dev-server-worker';
import { cli } from './cli-io';
import { finishSignal } from './test-workflows';

// Class-level mocks: every client of these classes answers from here, the CLI's own included,
// so no test sends anything beyond 127.0.0.1.
const autoScaling = mockClient(AutoScalingClient);
const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const region = { region: 'eu-west-1' };
const clients: AwsClients = {
  autoScaling: new AutoScalingClient(region),
  ec2: new EC2Client(region),
  ecs: new ECSClient(region),
  ssm: new SSMClient(region),
  sns: new SNSClient(region),
};

beforeEach(() => {
  autoScaling.reset();
  ec2.reset();
  ecs.reset();
});

const day = '2026-11-27';
const at = (time: string) => `${day}T${time}.000Z`;
const would = (time: string, call: string, target: string, detail: string): WouldHave => ({ at: at(time), call, target, detail });

function run(overrides: Partial<ObservedRun>): ObservedRun {
  return {
    workflowId: 'launch-gate/i-0aaa/tok',
    runId: 'r1',
    workflowType: 'launchGateWorkflowV2',
    status: 'COMPLETED',
    startTime: at('10:00:00'),
    fleet: 'web-prod',
    autoScalingGroupName: 'web-asg',
    instanceId: 'i-0aaa',
    wouldHave: [],
    ...overrides,
  };
}

function launchActivity(instanceId: string, StatusCode: ScalingActivityStatusCode, end?: string, StatusMessage?: string): Activity {
  return {
    ActivityId: `a-${instanceId}`,
    AutoScalingGroupName: 'web-asg',
    Description: `Launching a new EC2 instance: ${instanceId}`,
    Cause: 'At 2026-11-27T10:00:00Z an instance was started in response to a difference between desired and actual capacity.',
    StartTime: new Date(at('10:00:00')),
    EndTime: end ? new Date(at(end)) : undefined,
    StatusCode,
    StatusMessage,
  };
}

describe('launch gate: the completion it would have sent next to the launch activity', () => {
  test('would ABANDON, but the instance went InService: a disagreement, in the words operators read', async () => {
    autoScaling.on(DescribeScalingActivitiesCommand, { AutoScalingGroupName: 'web-asg' }).resolves({ Activities: [launchActivity('i-0aaa', 'Successful', '10:05:00')] });

    const report = await compareRun(run({ wouldHave: [would('10:02:00', 'CompleteLifecycleAction', 'i-0aaa', 'ABANDON')] }), clients);

    expect(report.verdict).toBe('disagree');
    expect(report.findings[0]!.text).toBe('would have ABANDONed i-0aaa at 10:02:00; it went InService at 10:05:00');
    expect(report.findings[0]).toMatchObject({ call: 'CompleteLifecycleAction', target: 'i-0aaa', wouldHave: { detail: 'ABANDON', count: 1 }, actual: { at: at('10:05:00') } });
  });

  test('would CONTINUE and it went InService; would ABANDON and the launch was cancelled: both agree', async () => {
    autoScaling.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [
        launchActivity('i-0aaa', 'Successful', '10:05:00'),
        launchActivity('i-0bbb', 'Cancelled', '10:09:00', 'Lifecycle Action Completed with ABANDON Result'),
      ],
    });

    const continued = await compareRun(run({ wouldHave: [would('10:02:00', 'CompleteLifecycleAction', 'i-0aaa', 'CONTINUE')] }), clients);
    // The gate records its reason after the result; the sentence keeps it short.
    const reason = `content differs on /news/ after 10 checks${' and more'.repeat(10)}`;
    const abandoned = await compareRun(run({ instanceId: 'i-0bbb', wouldHave: [would('10:08:00', 'CompleteLifecycleAction', 'i-0bbb', `ABANDON: ${reason}`)] }), clients);

    expect(continued.verdict).toBe('agree');
    expect(abandoned.verdict).toBe('agree');
    expect(abandoned.findings[0]!.text).toBe(
      `would have ABANDONed i-0bbb at 10:08:00 (${reason.slice(0, 80)}…); its launch ended Cancelled at 10:09:00: Lifecycle Action Completed with ABANDON Result`,
    );
  });

  test('no outcome yet: a launch still in progress, a launch Auto Scaling does not list, a gate still deciding', async () => {
    autoScaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [launchActivity('i-0aaa', 'InProgress')] });

    const inProgress = await compareRun(run({ wouldHave: [would('10:02:00', 'CompleteLifecycleAction', 'i-0aaa', 'CONTINUE')] }), clients);
    const unlisted = await compareRun(run({ instanceId: 'i-0zzz', wouldHave: [would('10:02:00', 'CompleteLifecycleAction', 'i-0zzz', 'CONTINUE')] }), clients);
    const deciding = await compareRun(run({ status: 'RUNNING' }), clients);

    expect([inProgress.verdict, unlisted.verdict, deciding.verdict]).toEqual(['unknown', 'unknown', 'unknown']);
    expect(inProgress.findings[0]!.text).toContain('its launch is still InProgress');
    expect(unlisted.findings[0]!.text).toContain('Auto Scaling lists no launch of i-0zzz');
    expect(deciding.findings[0]!.text).toMatch(/^has not decided yet; /);
  });

  test('an activity pages back is found; a refused read is unknown with AWS\'s reason, never a guess', async () => {
    autoScaling
      .on(DescribeScalingActivitiesCommand, { AutoScalingGroupName: 'web-asg', NextToken: undefined })
      .resolves({ Activities: [launchActivity('i-0ccc', 'Successful', '10:01:00')], NextToken: 'p2' })
      .on(DescribeScalingActivitiesCommand, { AutoScalingGroupName: 'web-asg', NextToken: 'p2' })
      .resolves({ Activities: [launchActivity('i-0aaa', 'Successful', '10:05:00')] })
      .on(DescribeScalingActivitiesCommand, { AutoScalingGroupName: 'other-asg' })
      .rejects(Object.assign(new Error('not authorized to perform autoscaling:DescribeScalingActivities'), { name: 'AccessDenied' }));

    const paged = await compareRun(run({ wouldHave: [would('10:02:00', 'CompleteLifecycleAction', 'i-0aaa', 'CONTINUE')] }), clients);
    const refused = await compareRun(run({ autoScalingGroupName: 'other-asg', wouldHave: [would('10:02:00', 'CompleteLifecycleAction', 'i-0aaa', 'CONTINUE')] }), clients);

    expect(paged.verdict).toBe('agree');
    expect(refused.verdict).toBe('unknown');
    expect(refused.findings[0]!.text).toBe('could not read the scaling activities of other-asg: AccessDenied: not authorized to perform autoscaling:DescribeScalingActivities');
  });
});

describe('terminate: the image decision, then the completion', () => {
  const terminating = (status: ScalingActivityStatusCode, end?: string) => ({
    Activities: [{ ...launchActivity('i-0aaa', status, end), Description: 'Terminating EC2 instance: i-0aaa' }],
  });
  const terminate = (wouldHave: WouldHave[]) => run({ workflowId: 'terminate/i-0aaa/tok', workflowType: 'terminateWorkflow', wouldHave });

  test('would not have imaged, but the old Lambda made an image: disagree; the drain is listed, not compared', async () => {
    autoScaling.on(DescribeScalingActivitiesCommand).resolves(terminating('Successful', '10:31:00'));
    ec2.on(DescribeImagesCommand, { Owners: ['self'], Filters: [{ Name: 'source-instance-id', Values: ['i-0aaa'] }] }).resolves({
      Images: [
        { ImageId: 'ami-0old', SourceInstanceId: 'i-0aaa', CreationDate: '2026-11-20T03:00:00.000Z' }, // a backup from last week: not this event's
        { ImageId: 'ami-0new', SourceInstanceId: 'i-0aaa', CreationDate: at('10:00:40') },
      ],
    });

    const report = await compareRun(
      terminate([
        would('10:00:30', 'SendCommand', 'i-0aaa', 'AWS-RunShellScript: 2 commands'),
        would('10:01:00', 'RecordLifecycleActionHeartbeat', 'i-0aaa', ''),
        would('10:02:00', 'RecordLifecycleActionHeartbeat', 'i-0aaa', ''),
        would('10:03:00', 'CompleteLifecycleAction', 'i-0aaa', 'CONTINUE'),
      ]),
      clients,
    );

    expect(report.verdict).toBe('disagree');
    expect(report.findings.map((f) => [f.verdict, f.text])).toEqual([
      ['disagree', 'would not have imaged i-0aaa; ami-0new was made from it at 10:00:40'],
      ['agree', 'would have CONTINUEd i-0aaa at 10:03:00; it terminated at 10:31:00'],
      ['not-compared', 'would have sent SendCommand for i-0aaa (AWS-RunShellScript: 2 commands) at 10:00:30'],
      ['not-compared', 'would have sent RecordLifecycleActionHeartbeat for i-0aaa ×2 from 10:01:00'],
    ]);
  });

  test('would have imaged and an image was made: agree; a termination still waiting on its hook: unknown', async () => {
    autoScaling.on(DescribeScalingActivitiesCommand).resolves(terminating('MidLifecycleAction'));
    ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: 'ami-0new', SourceInstanceId: 'i-0aaa', CreationDate: at('10:00:40') }] });

    const report = await compareRun(terminate([would('10:00:20', 'CreateImage', 'i-0aaa', 'forensics: health-check')]), clients);

    expect(report.findings.map((f) => f.verdict)).toEqual(['unknown', 'agree']);
    expect(report.verdict).toBe('unknown');
    expect(report.findings[0]!.text).toBe('would have sent no completion; its termination is still MidLifecycleAction');
  });
});

describe('golden image, pin $Latest and ECS', () => {
  const versions = (defaultImage: string) => ({
    LaunchTemplateVersions: [
      { VersionNumber: 7, DefaultVersion: defaultImage === 'ami-0new', CreateTime: new Date(at('10:04:00')), LaunchTemplateData: { ImageId: 'ami-0new' } },
      { VersionNumber: 6, DefaultVersion: defaultImage === 'ami-0prev', LaunchTemplateData: { ImageId: 'ami-0prev' } },
    ],
  });
  const golden = run({
    workflowId: 'golden-image/eu-west-1/ami-0new',
    workflowType: 'goldenImageWorkflow',
    imageId: 'ami-0new',
    wouldHave: [
      would('10:03:00', 'CreateLaunchTemplateVersion', 'lt-0abc', 'ami-0new from $Latest'),
      would('10:03:01', 'ModifyLaunchTemplate', 'lt-0abc', 'default version → the new version (ami-0new)'),
    ],
  });

  test('the template\'s default carries the AMI: agree; it still carries the previous one: disagree', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolvesOnce(versions('ami-0new')).resolvesOnce(versions('ami-0prev'));

    const rolled = await compareRun(golden, clients);
    const notRolled = await compareRun(golden, clients);

    expect(rolled.verdict).toBe('agree');
    expect(rolled.findings[0]!.text).toBe('would have made ami-0new the default of lt-0abc at 10:03:01; version 7, the default, carries ami-0new since 10:04:00');
    expect(notRolled.verdict).toBe('disagree');
    expect(notRolled.findings[0]!.text).toBe('would have made ami-0new the default of lt-0abc at 10:03:01; version 7 carries ami-0new, but the default is version 6 (ami-0prev)');
  });

  test('the old Lambda was quicker: a run that found the AMI already rolled out, or the group already pinned, agrees', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(versions('ami-0new'));
    autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [{ LaunchTemplate: { LaunchTemplateId: 'lt-0abc', Version: '$Latest' } }] } as never);

    const found = await compareRun({ ...golden, wouldHave: [], outcome: 'already-current', launchTemplateId: 'lt-0abc' }, clients);
    const skipped = await compareRun({ ...golden, wouldHave: [], outcome: 'skipped-older-image', launchTemplateId: 'lt-0abc' }, clients);
    const pinned = await compareRun(run({ workflowType: 'pinLatestWorkflow', outcome: 'already-latest' }), clients);

    expect(found.verdict).toBe('agree');
    expect(found.findings[0]!.text).toBe('found ami-0new already in lt-0abc, nothing left to write; version 7, the default, carries ami-0new since 10:04:00');
    // It would have kept the older image out, yet the default carries it: the old system rolled it out.
    expect(skipped.verdict).toBe('disagree');
    expect(pinned.verdict).toBe('agree');
  });

  test('pin $Latest: the group launches from $Latest, or still from a number', async () => {
    const pin = run({ workflowId: 'pin-latest/eu-west-1/web-asg/e1', workflowType: 'pinLatestWorkflow', wouldHave: [would('10:00:05', 'UpdateAutoScalingGroup', 'web-asg', '$Latest')] });
    const group = (Version: string) => ({ AutoScalingGroups: [{ AutoScalingGroupName: 'web-asg', LaunchTemplate: { LaunchTemplateId: 'lt-0abc', Version } }] });
    autoScaling.on(DescribeAutoScalingGroupsCommand).resolvesOnce(group('$Latest') as never).resolvesOnce(group('3') as never);

    expect((await compareRun(pin, clients)).verdict).toBe('agree');
    const stale = await compareRun(pin, clients);
    expect(stale.verdict).toBe('disagree');
    expect(stale.findings[0]!.text).toBe('would have pinned web-asg to $Latest at 10:00:05; web-asg launches from version 3');
  });

  test('ECS: each service it would have updated, next to its desired and running counts', async () => {
    ecs.on(DescribeServicesCommand, { cluster: 'app-dev-cluster' }).resolves({
      services: [
        { serviceName: 'serviceA', status: 'ACTIVE', desiredCount: 1, runningCount: 1, pendingCount: 0 },
        { serviceName: 'serviceB', status: 'ACTIVE', desiredCount: 1, runningCount: 0, pendingCount: 1 },
      ],
    });
    const startup = run({
      workflowId: 'ecs-startup/app-dev/k1',
      workflowType: 'ecsStartupWorkflow',
      fleet: undefined,
      plan: 'app-dev',
      cluster: 'app-dev-cluster',
      wouldHave: [
        would('07:00:01', 'UpdateService', 'app-dev-cluster/serviceA', 'desiredCount 0 → 1'),
        would('07:00:30', 'UpdateService', 'app-dev-cluster/serviceB', 'desiredCount 0 → 3'),
      ],
    });

    const report = await compareRun(startup, clients);

    expect(report.verdict).toBe('disagree');
    expect(report.findings.map((f) => [f.verdict, f.target])).toEqual([
      ['disagree', 'app-dev-cluster/serviceB'],
      ['agree', 'app-dev-cluster/serviceA'],
    ]);
    expect(report.findings[0]!.text).toBe('would have set serviceB to 3 at 07:00:30; it is at desired 1, running 0, pending 1');
  });
});

describe('reading Temporal: observed runs only, disagreements first, text and JSON', () => {
  const server = useDevServerWorker(require.resolve('./test-workflows'), 'observe');

  const now = () => new Date().toISOString();

  /** The stand-ins return their input, so an input shaped like a result becomes the run's result. */
  async function startGate(id: string, memo: Record<string, unknown>, result: Record<string, unknown>, finish: boolean): Promise<void> {
    const handle = await server.env.client.workflow.start('launchGateWorkflowV2', {
      taskQueue: server.taskQueue,
      workflowId: id,
      args: [{ action: { region: 'eu-west-1', autoScalingGroupName: 'web-asg', instanceId: memo.instanceId }, ...result }],
      memo,
    });
    if (finish) {
      await handle.signal(finishSignal);
      await handle.result();
    }
  }

  beforeAll(async () => {
    const memo = (instanceId: string, fleet = 'web-prod') => ({ mode: 'observe', fleet, autoScalingGroupName: 'web-asg', instanceId, trigger: 'launch lifecycle action via eventbridge' });
    const completion = (instanceId: string, detail: string) => [{ at: now(), call: 'CompleteLifecycleAction', target: instanceId, detail }];
    // Oldest first: the agreeing run starts before the disagreeing and the pending ones, which must still be listed first.
    await startGate('launch-gate/i-0agree/t', memo('i-0agree'), { mode: 'observe', observed: completion('i-0agree', 'CONTINUE'), outcome: 'synced' }, true);
    await startGate('launch-gate/i-0disagree/t', memo('i-0disagree'), { mode: 'observe', observed: completion('i-0disagree', 'ABANDON'), outcome: 'gave-up' }, true);
    await startGate('launch-gate/i-0pending/t', memo('i-0pending'), { mode: 'observe', observed: completion('i-0pending', 'CONTINUE'), outcome: 'synced' }, true);
    // Open: what it would have done so far is only in the memo.
    await startGate('launch-gate/i-0open/t', { ...memo('i-0open'), observe: { mode: 'observe', wouldHave: completion('i-0open', 'CONTINUE') } }, {}, false);
    await startGate('launch-gate/i-0acting/t', { fleet: 'web-prod', autoScalingGroupName: 'web-asg', instanceId: 'i-0acting' }, {}, true);
    await startGate('launch-gate/i-0other/t', memo('i-0other', 'batch'), { mode: 'observe', observed: completion('i-0other', 'CONTINUE') }, true);
  }, 60_000);

  beforeEach(() => {
    autoScaling.on(DescribeScalingActivitiesCommand, { AutoScalingGroupName: 'web-asg' }).resolves({
      Activities: [
        launchActivity('i-0agree', 'Successful', '10:05:00'),
        launchActivity('i-0disagree', 'Successful', '10:06:00'),
        launchActivity('i-0open', 'Successful', '10:07:00'),
        launchActivity('i-0other', 'Successful', '10:08:00'),
        launchActivity('i-0pending', 'MidLifecycleAction'),
      ],
    });
  });

  test('observeReport lists the fleet\'s observed runs, open and closed, disagreements first; acting runs and other fleets are left out', async () => {
    const report = await observeReport({ temporal: server.env.client, clientsFor: sameClientsForEveryRegion(clients), since: new Date(Date.now() - 3_600_000), fleet: 'web-prod' });

    expect(report.runs.map((r) => [r.workflowId, r.verdict, r.status])).toEqual([
      ['launch-gate/i-0disagree/t', 'disagree', 'COMPLETED'],
      ['launch-gate/i-0pending/t', 'unknown', 'COMPLETED'],
      ['launch-gate/i-0agree/t', 'agree', 'COMPLETED'],
      ['launch-gate/i-0open/t', 'agree', 'RUNNING'],
    ]);
    expect(report.counts).toEqual({ disagree: 1, unknown: 1, agree: 2, 'not-compared': 0 });
    expect(report.runs[0]).toMatchObject({ region: 'eu-west-1', fleet: 'web-prod', instanceId: 'i-0disagree', outcome: 'gave-up' });
  });

  test('runs started before --since are left out', async () => {
    const report = await observeReport({ temporal: server.env.client, clientsFor: sameClientsForEveryRegion(clients), since: new Date(Date.now() + 60_000) });
    expect(report.runs).toEqual([]);
    expect(renderReport(report)).toContain('No run in observe mode started in that time.');
  });

  test('fleet-workflows observe report --json: the same report for scripts; without --json, text with disagreements first', async () => {
    const temporalEnv = { TEMPORAL_ADDRESS: server.env.address, TEMPORAL_NAMESPACE: 'default', AWS_REGION: 'eu-west-1' };

    const json = await cli(['observe', 'report', '--since', '1h', '--fleet', 'web-prod', '--json'], temporalEnv);
    const text = await cli(['observe', 'report', '--since', '1h', '--fleet', 'web-prod'], temporalEnv);

    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = json.json() as ObserveReport;
    expect(report).toMatchObject({ fleet: 'web-prod', counts: { disagree: 1, unknown: 1, agree: 2 } });
    expect(Date.parse(report.since)).toBeGreaterThan(Date.now() - 3_700_000);
    expect(report.runs[0]).toMatchObject({
      workflowId: 'launch-gate/i-0disagree/t',
      workflowType: 'launchGateWorkflowV2',
      verdict: 'disagree',
      findings: [{ verdict: 'disagree', call: 'CompleteLifecycleAction', target: 'i-0disagree', wouldHave: { detail: 'ABANDON', count: 1 }, actual: { what: expect.stringContaining('went InService') } }],
    });
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^Observed runs in web-prod started since .*: 4 runs, 1 disagree, 1 unknown, 2 agree, 0 not compared$/);
    expect(lines.filter((l) => /^(DISAGREE|UNKNOWN|AGREE)/.test(l))).toEqual([
      expect.stringMatching(/^DISAGREE +launch-gate\/i-0disagree\/t$/),
      expect.stringMatching(/^UNKNOWN +launch-gate\/i-0pending\/t$/),
      expect.stringMatching(/^AGREE +launch-gate\/i-0agree\/t$/),
      expect.stringMatching(/^AGREE +launch-gate\/i-0open\/t$/),
    ]);
    expect(text.stdout).toMatch(/≠ would have ABANDONed i-0disagree at .*; it went InService at .*10:06:00/);
  });

  test('a bad --since and a missing AWS_REGION are usage errors (exit 2) before anything is read', async () => {
    const badSince = await cli(['observe', 'report', '--since', 'yesterday'], { TEMPORAL_ADDRESS: '127.0.0.1:1', AWS_REGION: 'eu-west-1' });
    const noRegion = await cli(['observe', 'report'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });

    expect([badSince.code, noRegion.code]).toEqual([2, 2]);
    expect(badSince.stderr).toContain('--since: expected an ISO 8601 time');
    expect(noRegion.stderr).toContain('AWS_REGION is not set');
  });
});

test('--since takes a duration back from now or an ISO time', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  expect(parseSince('24h', now).toISOString()).toBe('2026-11-26T12:00:00.000Z');
  expect(parseSince('90m', now).toISOString()).toBe('2026-11-27T10:30:00.000Z');
  expect(parseSince('7d', now).toISOString()).toBe('2026-11-20T12:00:00.000Z');
  expect(parseSince('2026-11-27T09:00:00Z', now).toISOString()).toBe('2026-11-27T09:00:00.000Z');
  expect(() => parseSince('1', now)).toThrow(RangeError);
});
