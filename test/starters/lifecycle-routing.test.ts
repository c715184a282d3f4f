import { MalformedEventError, parseEvent } from '../../starters/events/parse-event';
import { route } from '../../starters/routing/route';
import { isIgnored, type RouteResult, type Routed } from '../../starters/routing/start-request';
import { configFrom, exampleConfig, fixture, sqsBody } from './fixtures';

const config = exampleConfig();
// AWS's warm-pool example events name the group my-asg in us-west-2.
const warmPoolConfig = configFrom(`
version: 1
fleets:
  - name: my
    match: { name: my-asg }
    launchGate: { originBaseUrl: https://www.example.com, hostHeader: www.example.com }
    terminate: {}
  - name: my-terminate-only
    match: { name: other-asg }
    terminate: {}
`);

function routed(result: RouteResult): Routed {
  if (isIgnored(result)) throw new Error(`expected starts, got ignored: ${result.ignored}`);
  return result;
}

describe("the lifecycle action's start time", () => {
  test('an EventBridge launch passes its time as actionStartedAt', () => {
    const [gate] = routed(route(fixture('eventbridge-launch-lifecycle-action.json'), config)).starts;

    expect(gate!.args[0]).toMatchObject({ actionStartedAt: '2024-05-14T09:21:04Z' });
  });

  test("an SQS terminate passes the notification's Time, to the second, in UTC", () => {
    const record = fixture<{ Records: unknown[] }>('sqs-lifecycle-notification.json').Records[0];

    expect(routed(route(record, config)).starts[0]!.args[0]).toMatchObject({ actionStartedAt: '2024-05-14T18:02:07Z' });
  });

  test("a notification's Time with an offset is given in UTC", () => {
    const body = sqsBody('sqs-lifecycle-notification.json') as Record<string, string>;
    body.Time = '2024-05-15T03:02:07.999+09:00';

    const result = routed(route(body, config, { sqs: { messageId: 'm', awsRegion: 'ap-northeast-1' } }));

    expect(result.starts[0]!.args[0]).toMatchObject({ actionStartedAt: '2024-05-14T18:02:07Z' });
  });
});

describe('lifecycle action tokens', () => {
  test.each([
    ['one short', '87654321-4321-4321-4321-21098765432'],
    ['one long', '87654321-4321-4321-4321-2109876543210'],
    ['a forged word', 'forged'],
  ])('a token %s of 36 characters is malformed, naming the field, and starts nothing', (_, token) => {
    const event = fixture<{ detail: Record<string, string> }>('eventbridge-terminate-lifecycle-action.json');
    event.detail.LifecycleActionToken = token;

    expect(() => route(event, config)).toThrow(MalformedEventError);
    expect(() => route(event, config)).toThrow(
      'malformed event 468fe059-f4b7-445f-bb22-2a5b4a4b8e2a: detail.LifecycleActionToken: a lifecycle action token is exactly 36 characters',
    );
  });

  test("AWS's documented example tokens, which end in EXAMPLE rather than hex, are accepted", () => {
    const event = fixture('eventbridge-warm-pool-terminate.json');

    expect(routed(route(event, warmPoolConfig)).starts[0]!.workflowId).toBe('terminate/i-1234567890abcdef0/42694b3d-4b70-6a62-8523-09a1eEXAMPLE');
  });

  test('an SQS notification with a short token names its field', () => {
    const body = sqsBody('sqs-lifecycle-notification.json') as Record<string, string>;
    body.LifecycleActionToken = 'short';

    expect(() => route(body, config, { sqs: { messageId: 'm', awsRegion: 'ap-northeast-1' } })).toThrow('LifecycleActionToken: a lifecycle action token is exactly 36 characters');
  });
});

describe('warm pools (AWS documented example events)', () => {
  test('a launch into the warm pool starts the gate but does not tell the fleet entity which group is current', () => {
    const result = routed(route(fixture('eventbridge-warm-pool-launch.json'), warmPoolConfig));

    expect(result.starts.map((s) => s.workflowType)).toEqual(['launchGateWorkflowV2']);
    expect(result.starts[0]!.args[0]).toMatchObject({ origin: 'EC2', destination: 'WarmPool', actionStartedAt: '2021-01-13T00:12:37Z' });
    expect(result.summary).toContain('into the warm pool of my-asg');
  });

  test('a launch from the warm pool into the group is a launch into service: the fleet entity hears of it', () => {
    const event = fixture<{ detail: Record<string, string> }>('eventbridge-warm-pool-launch.json');
    event.detail.Origin = 'WarmPool';
    event.detail.Destination = 'AutoScalingGroup';

    expect(routed(route(event, warmPoolConfig)).starts.map((s) => s.workflowId)).toEqual([
      'launch-gate/i-1234567890abcdef0/71514b9d-6a40-4b26-8523-05e7eEXAMPLE',
      'fleet/my',
    ]);
  });

  test('a launch into the warm pool of a fleet without a gate starts nothing, and says why', () => {
    const event = fixture<{ detail: Record<string, string> }>('eventbridge-warm-pool-launch.json');
    event.detail.AutoScalingGroupName = 'other-asg';

    expect(route(event, warmPoolConfig)).toEqual({
      eventId: '12345678-1234-1234-1234-123456789012',
      ignored: 'a launch into the warm pool is not a launch into service, and fleet my-terminate-only has no launchGate settings',
    });
  });

  test('a scale-in back into the warm pool starts the terminate workflow with origin and destination', () => {
    const result = routed(route(fixture('eventbridge-warm-pool-terminate.json'), warmPoolConfig));

    expect(result.starts).toHaveLength(1);
    expect(result.starts[0]).toMatchObject({ workflowType: 'terminateWorkflow' });
    expect(result.starts[0]!.args[0]).toMatchObject({
      action: { region: 'us-west-2', autoScalingGroupName: 'my-asg', instanceId: 'i-1234567890abcdef0' },
      origin: 'AutoScalingGroup',
      destination: 'WarmPool',
      actionStartedAt: '2022-03-28T00:12:37Z',
    });
  });
});

describe('hook notifications delivered through SNS', () => {
  test('the SNS envelope is unwrapped and routed exactly as the direct SQS notification, with the same workflow id', () => {
    const direct = routed(route(fixture<{ Records: unknown[] }>('sqs-lifecycle-notification.json').Records[0], config));
    const viaSns = routed(route(fixture<{ Records: unknown[] }>('sqs-sns-lifecycle-notification.json').Records[0], config));

    expect(viaSns.eventId).toBe(direct.eventId);
    expect(viaSns.starts.map((s) => s.workflowId)).toEqual(direct.starts.map((s) => s.workflowId));
    expect(viaSns.starts.map((s) => s.args)).toEqual(direct.starts.map((s) => s.args));
  });

  test("the topic's region is the group's, whatever region the queue is in", () => {
    const record = fixture<{ Records: { awsRegion: string }[] }>('sqs-sns-lifecycle-notification.json').Records[0]!;
    record.awsRegion = 'us-east-1';

    const parsed = parseEvent(record);

    expect(parsed).toMatchObject({ kind: 'lifecycle-action', transport: 'sns', action: { region: 'ap-northeast-1' } });
  });

  test('an envelope whose Message is not JSON is malformed, naming the field', () => {
    const record = fixture<{ Records: { body: string }[] }>('sqs-sns-lifecycle-notification.json').Records[0]!;
    record.body = JSON.stringify({ ...JSON.parse(record.body), Message: 'not json' });

    expect(() => route(record, config)).toThrow('malformed event 4a1f6f0e-9b2c-5d3e-8f7a-0b1c2d3e4f5a: Message: not JSON');
  });

  test('an envelope with a topic ARN that is not one is malformed, naming the field', () => {
    const record = fixture<{ Records: { body: string }[] }>('sqs-sns-lifecycle-notification.json').Records[0]!;
    record.body = JSON.stringify({ ...JSON.parse(record.body), TopicArn: 'arn:aws:sqs:ap-northeast-1:123456789012:q' });

    expect(() => route(record, config)).toThrow('TopicArn: expected an SNS topic ARN');
  });
});

describe('ignored events say their real reason and never repeat an unknown body', () => {
  test('a launch in a region the only matching fleet excludes names the fleet and its regions', () => {
    const event = fixture<{ region: string }>('eventbridge-launch-lifecycle-action.json');
    event.region = 'us-east-1';

    expect(route(event, config, { stackName: null })).toMatchObject({
      ignored: 'fleet web-prod selects Auto Scaling group web-prod-WebAsg-1A2B3C4D5E6F only in ap-northeast-1, ap-northeast-3, and this event is from us-east-1',
    });
  });

  test("an unknown SQS body's keys and values stay out of the reason", () => {
    const body = { 'secret-key-name': 'secret-value', password: 'hunter2' };

    const result = route(body, config, { sqs: { messageId: 'm-1', awsRegion: 'ap-northeast-1' } });

    expect(isIgnored(result)).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/secret|hunter2|password/);
  });

  test("a custom EventBridge event's source and detail-type stay out of the reason; AWS's own are named", () => {
    const custom = { version: '0', id: 'c1', 'detail-type': 'token=hunter2', source: 'my.app', account: '1', time: '2024-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: {} };

    expect(JSON.stringify(route(custom, config))).not.toContain('hunter2');
    expect(route(fixture('eventbridge-instance-state-change.json'), config)).toMatchObject({
      ignored: "no route for aws.ec2 'EC2 Instance State-change Notification'",
    });
  });

  test("an Auto Scaling notification of a type we do not route is named only if it is one of Auto Scaling's", () => {
    const known = { Service: 'AWS Auto Scaling', Event: 'autoscaling:EC2_INSTANCE_LAUNCH', RequestId: 'r-1' };
    const odd = { Service: 'AWS Auto Scaling', Event: 'drop table; hunter2', RequestId: 'r-2' };

    expect(route(known, config)).toMatchObject({ ignored: "Auto Scaling notification 'autoscaling:EC2_INSTANCE_LAUNCH' is not routed" });
    expect(JSON.stringify(route(odd, config))).not.toContain('hunter2');
  });
});
