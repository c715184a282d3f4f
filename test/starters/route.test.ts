import { workflowIds } from '../../common/workflow-ids';
import { MalformedEventError } from '../../starters/events/parse-event';
import { needsStackLookup, StackNameRequiredError } from '../../starters/routing/match-fleet';
import { route } from '../../starters/routing/route';
import { isIgnored, type RouteResult, type Routed } from '../../starters/routing/start-request';
import { configFrom, exampleConfig, fixture } from './fixtures';

const config = exampleConfig();

function routed(result: RouteResult): Routed {
  if (isIgnored(result)) throw new Error(`expected starts, got ignored: ${result.ignored}`);
  return result;
}

describe('lifecycle actions', () => {
  test('a launch starts the launch gate and signals the fleet entity with the resolved settings', () => {
    // Act
    const result = routed(route(fixture('eventbridge-launch-lifecycle-action.json'), config));

    // Assess
    expect(result.fleet).toBe('web-prod');
    expect(result.starts.map((s) => s.workflowType)).toEqual(['launchGateWorkflowV2', 'fleetWorkflow']);
    const [gate, fleet] = result.starts;
    expect(gate).toMatchObject({
      workflowId: 'launch-gate/i-0598c7d356eba48d7/87654321-4321-4321-4321-210987654321',
      taskQueue: 'fleet-workflows',
      idReusePolicy: 'REJECT_DUPLICATE',
    });
    expect(gate!.args).toEqual([
      {
        action: {
          region: 'ap-northeast-1',
          autoScalingGroupName: 'web-prod-WebAsg-1A2B3C4D5E6F',
          lifecycleHookName: 'web-launch-sync',
          instanceId: 'i-0598c7d356eba48d7',
          lifecycleActionToken: '87654321-4321-4321-4321-210987654321',
        },
        origin: 'EC2',
        destination: 'AutoScalingGroup',
        actionStartedAt: '2024-05-14T09:21:04Z',
        settings: {
          originBaseUrl: 'https://www.example.com',
          hostHeader: 'www.example.com',
          paths: ['/', '/news/'],
          checkIntervalSeconds: 30,
          maxChecks: 10,
          onGiveUp: 'ABANDON',
        },
      },
    ]);
    expect(fleet).toMatchObject({
      workflowId: 'fleet/web-prod',
      args: [{ fleetName: 'web-prod' }],
      signal: {
        name: 'launchObserved',
        args: [{ autoScalingGroupName: 'web-prod-WebAsg-1A2B3C4D5E6F', instanceId: 'i-0598c7d356eba48d7', at: '2024-05-14T09:21:04Z' }],
      },
      idReusePolicy: 'ALLOW_DUPLICATE',
    });
  });

  test('a terminate starts the terminate workflow with the fleet name and the fleet notifications', () => {
    const result = routed(route(fixture('eventbridge-terminate-lifecycle-action.json'), config));

    expect(result.starts).toHaveLength(1);
    const [start] = result.starts;
    expect(start!.workflowType).toBe('terminateWorkflow');
    expect(start!.workflowId).toBe(workflowIds.terminate('i-0598c7d356eba48d7', 'b2f3c1a0-7d5e-4c8b-9a1f-0e6d2c4b8a71'));
    expect(start!.args[0]).toMatchObject({
      origin: 'AutoScalingGroup',
      destination: 'EC2',
      settings: {
        fleetName: 'web-prod',
        forensics: { enabled: true, noReboot: true },
        drain: { enabled: true, monitoring: { kind: 'zabbix', hostNameFrom: 'private-dns-name', action: 'delete' } },
        notifications: { slackWebhook: { env: 'SLACK_WEBHOOK_URL' } },
      },
    });
  });

  test('the same lifecycle action through SQS and through EventBridge maps to the same workflow id', () => {
    const viaEventBridge = routed(route(fixture('eventbridge-terminate-lifecycle-action.json'), config));
    const sqsRecord = fixture<{ Records: unknown[] }>('sqs-lifecycle-notification.json').Records[0];
    const viaSqs = routed(route(sqsRecord, config));

    expect(viaSqs.starts[0]!.workflowId).toBe(viaEventBridge.starts[0]!.workflowId);
    // Same input too, so whichever transport wins the race starts an identical run.
    expect(viaSqs.starts[0]!.args).toEqual(viaEventBridge.starts[0]!.args);
  });

  test('an EventBridge event inside an SQS body routes like the event itself', () => {
    const direct = routed(route(fixture('eventbridge-launch-lifecycle-action.json'), config));
    const record = fixture<{ Records: unknown[] }>('sqs-eventbridge-launch.json').Records[0];

    expect(routed(route(record, config)).starts).toEqual(direct.starts);
  });

  test('a new lifecycle action for the same instance gets a new workflow id', () => {
    const first = routed(route(fixture('eventbridge-launch-lifecycle-action.json'), config));
    const again = fixture<{ detail: Record<string, string> }>('eventbridge-launch-lifecycle-action.json');
    again.detail.LifecycleActionToken = '11111111-2222-3333-4444-555555555555';

    expect(routed(route(again, config)).starts[0]!.workflowId).not.toBe(first.starts[0]!.workflowId);
  });

  test('a group no fleet selects is ignored with the reason', () => {
    const event = fixture<{ detail: Record<string, string> }>('eventbridge-launch-lifecycle-action.json');
    event.detail.AutoScalingGroupName = 'legacy-asg';

    expect(route(event, config, { stackName: null })).toEqual({
      eventId: '12345678-1234-1234-1234-123456789012',
      ignored: 'no fleet selects Auto Scaling group legacy-asg',
    });
  });

  test('a fleet limited to other regions does not select the group', () => {
    const event = fixture<{ region: string }>('eventbridge-launch-lifecycle-action.json');
    event.region = 'us-east-1';

    expect(isIgnored(route(event, config, { stackName: null }))).toBe(true);
  });

  test('glob rules match whole names only', () => {
    const event = fixture<{ detail: Record<string, string> }>('eventbridge-terminate-lifecycle-action.json');
    event.detail.AutoScalingGroupName = 'batch-07';
    expect(routed(route(event, config, { stackName: null })).fleet).toBe('batch');

    event.detail.AutoScalingGroupName = 'batch-107';
    expect(isIgnored(route(event, config, { stackName: null }))).toBe(true);
  });

  test('a launch for a fleet with terminate settings only signals the fleet entity', () => {
    const event = fixture<{ detail: Record<string, string> }>('eventbridge-launch-lifecycle-action.json');
    event.detail.AutoScalingGroupName = 'batch-01';

    expect(routed(route(event, config, { stackName: null })).starts.map((s) => s.workflowId)).toEqual(['fleet/batch']);
  });

  test('stackName rules need the looked-up stack for lifecycle events, and only when reached', () => {
    const event = fixture<{ detail: Record<string, string> }>('eventbridge-terminate-lifecycle-action.json');
    event.detail.AutoScalingGroupName = 'api-prod-ApiAsg-9Z8Y7X6W5V4U';
    const group = { autoScalingGroupName: event.detail.AutoScalingGroupName, region: 'ap-northeast-1' };

    expect(needsStackLookup(config, group)).toBe(true);
    expect(needsStackLookup(config, { ...group, autoScalingGroupName: 'web-prod-x' })).toBe(false);
    expect(routed(route(event, config, { stackName: 'api-prod' })).fleet).toBe('api-prod');
    expect(isIgnored(route(event, config, { stackName: null }))).toBe(true);
    expect(() => route(event, config)).toThrow(StackNameRequiredError);
  });

  test('the fleet task queue wins over the config and the environment default', () => {
    const custom = configFrom(`
version: 1
taskQueue: from-config
fleets:
  - { name: a, match: { name: web-prod-WebAsg-1A2B3C4D5E6F }, taskQueue: from-fleet, terminate: {} }
  - { name: b, match: { prefix: web- }, terminate: {} }
`);
    const event = fixture('eventbridge-terminate-lifecycle-action.json');
    expect(routed(route(event, custom, { defaultTaskQueue: 'from-env' })).starts[0]!.taskQueue).toBe('from-fleet');

    const withoutFleetQueue = configFrom(`
version: 1
fleets: [{ name: b, match: { prefix: web- }, terminate: {} }]
`);
    expect(routed(route(event, withoutFleetQueue, { defaultTaskQueue: 'from-env' })).starts[0]!.taskQueue).toBe('from-env');
  });
});

describe('CloudTrail calls', () => {
  test('CreateImage with the backup marker starts the golden-image rollout', () => {
    const result = routed(route(fixture('cloudtrail-create-image.json'), config, { sourceGroup: 'web-prod-WebAsg-1A2B3C4D5E6F' }));

    expect(result.starts).toEqual([
      expect.objectContaining({
        workflowType: 'goldenImageWorkflow',
        workflowId: 'golden-image/ap-northeast-1/ami-0c55b159cbfafe1f0',
        args: [
          {
            region: 'ap-northeast-1',
            imageId: 'ami-0c55b159cbfafe1f0',
            description: 'Created for policy: policy-0123456789abcdef0 schedule: Default Schedule EC2_BACKUP',
            source: { instanceId: 'i-0a1b2c3d4e5f67890', autoScalingGroupName: 'web-prod-WebAsg-1A2B3C4D5E6F' },
            settings: { launchTemplateIdParameter: '/web-prod/launch-template-id', marker: 'EC2_BACKUP', keepVersions: 3 },
          },
        ],
      }),
    ]);
  });

  test('CreateImage without the marker, or a failed call, is ignored', () => {
    const manual = fixture<{ detail: { requestParameters: Record<string, string> } }>('cloudtrail-create-image.json');
    manual.detail.requestParameters.description = 'manual snapshot before patching';
    expect(route(manual, config, { sourceGroup: 'web-prod-WebAsg-1A2B3C4D5E6F' })).toMatchObject({
      ignored: expect.stringContaining('does not carry the marker EC2_BACKUP as a word'),
    });

    const failed = fixture<{ detail: Record<string, unknown> }>('cloudtrail-create-image.json');
    failed.detail.errorCode = 'Client.UnauthorizedOperation';
    failed.detail.responseElements = null;
    expect(route(failed, config)).toMatchObject({ ignored: expect.stringContaining('Client.UnauthorizedOperation') });
  });

  test('CreateAutoScalingGroup by the api-prod stack pins $Latest, matched by the stack tag in the call', () => {
    const result = routed(route(fixture('cloudtrail-create-auto-scaling-group.json'), config));

    expect(result.fleet).toBe('api-prod');
    expect(result.starts[0]).toMatchObject({
      workflowType: 'pinLatestWorkflow',
      workflowId: 'pin-latest/ap-northeast-1/api-prod-ApiAsg-9Z8Y7X6W5V4U/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      args: [{ region: 'ap-northeast-1', autoScalingGroupName: 'api-prod-ApiAsg-9Z8Y7X6W5V4U' }],
    });
  });
});

describe('events that start nothing', () => {
  test('the hook test notification is acknowledged', () => {
    const record = fixture<{ Records: unknown[] }>('sqs-test-notification.json').Records[0];
    expect(route(record, config)).toMatchObject({ eventId: 'd1c2b3a4-0f9e-4d8c-b7a6-5e4d3c2b1a09', ignored: expect.stringContaining('test notification') });
  });

  test('an unknown event type is ignored with its type in the reason', () => {
    expect(route(fixture('eventbridge-instance-state-change.json'), config)).toEqual({
      eventId: 'b6ba298a-7732-2226-xmpl-976312c1a050',
      ignored: "no route for aws.ec2 'EC2 Instance State-change Notification'",
    });
  });
});

describe('malformed events name the field and the event id', () => {
  test.each([
    ['malformed-eventbridge-launch-missing-instance-id.json', '12345678-1234-1234-1234-123456789012', 'detail.EC2InstanceId'],
    ['malformed-eventbridge-terminate-empty-token.json', '468fe059-f4b7-445f-bb22-2a5b4a4b8e2a', 'detail.LifecycleActionToken'],
    ['malformed-cloudtrail-create-image-bad-image-id.json', '6a7e8feb-b491-4cf7-a9f1-bf3703467718', 'detail.responseElements.imageId'],
    ['malformed-cloudtrail-create-auto-scaling-group-missing-name.json', 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', 'detail.requestParameters.autoScalingGroupName'],
  ])('%s', (name, eventId, field) => {
    const act = () => route(fixture(name), config);

    expect(act).toThrow(MalformedEventError);
    expect(act).toThrow(`malformed event ${eventId}: ${field}:`);
  });

  test('an SQS notification without its hook name', () => {
    const record = fixture<{ Records: unknown[] }>('malformed-sqs-lifecycle-notification.json').Records[0];
    expect(() => route(record, config)).toThrow('malformed event 8e5ccd3a-2c5b-4f6a-9d1e-7b3f2a1c2bbd: LifecycleHookName:');
  });

  test('an SQS body that is not JSON names the message', () => {
    const record = fixture<{ Records: unknown[] }>('malformed-sqs-body-not-json.json').Records[0];
    expect(() => route(record, config)).toThrow('malformed event f9e8d7c6-b5a4-4392-8170-6f5e4d3c2b1a: body: not JSON');
  });

  test('a lifecycle transition that contradicts the detail-type', () => {
    const event = fixture<{ detail: Record<string, string> }>('eventbridge-launch-lifecycle-action.json');
    event.detail.LifecycleTransition = 'autoscaling:EC2_INSTANCE_TERMINATING';
    expect(() => route(event, config)).toThrow('detail.LifecycleTransition');
  });
});
