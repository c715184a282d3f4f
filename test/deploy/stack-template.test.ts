import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { CONTEXT_KEY } from '../../deploy/deploy-settings';
import { PROJECT_ROOT } from '../../deploy/fleet-app';
import { everyAllowedAction, managedPolicyStatements } from './policy-actions';
import { buildBridge, synthFleetApp, writeFleetConfig } from './synth';

// The committed example (cdk.json's context over examples/fleet-config.yaml), as `npm run synth` builds it.
const exampleSettings = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context[CONTEXT_KEY] as Record<string, unknown>;
let tokyo: Template;
let osaka: Template;
let regions: string[];

beforeAll(() => {
  const { templates } = synthFleetApp(exampleSettings, buildBridge(join(PROJECT_ROOT, 'examples', 'fleet-config.yaml')));
  regions = [...templates.keys()];
  tokyo = templates.get('ap-northeast-1')!;
  osaka = templates.get('ap-northeast-3')!;
});

test('one stack per region the example names: web-prod names two, the others apply to the deploy region', () => {
  expect(regions.sort()).toEqual(['ap-northeast-1', 'ap-northeast-3']);
});

test('the bridge runs nodejs22.x on arm64 with its Temporal settings and the API key by parameter name only', () => {
  tokyo.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs22.x',
    Architectures: ['arm64'],
    Handler: 'index.handler',
    ReservedConcurrentExecutions: 10,
    Environment: {
      Variables: Match.objectEquals({
        TEMPORAL_ADDRESS: 'fleet-prod.a1b2c.tmprl.cloud:7233',
        TEMPORAL_NAMESPACE: 'fleet-prod.a1b2c',
        TEMPORAL_TASK_QUEUE: 'fleet-workflows',
        TEMPORAL_API_KEY_SSM_PARAMETER: '/fleet-workflows/temporal-api-key',
        NODE_OPTIONS: '--enable-source-maps',
      }),
    },
  });
  tokyo.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  expect(managedPolicyStatements(tokyo, 'BridgeCallsPolicy')).toEqual(
    expect.arrayContaining([expect.objectContaining({ Sid: 'TemporalApiKeyParameter', Action: 'ssm:GetParameter' })]),
  );
});

test('lifecycle actions reach the bridge through a rule with retries and a dead-letter queue', () => {
  const rules = tokyo.findResources('AWS::Events::Rule', { Properties: { EventPattern: { source: ['aws.autoscaling'], 'detail-type': Match.arrayWith(['EC2 Instance-terminate Lifecycle Action']) } } });
  const [rule] = Object.values(rules) as Array<{ Properties: { EventPattern: Record<string, unknown>; Targets: Array<Record<string, unknown>> } }>;
  expect(rule).toBeDefined();
  // api-prod is matched by stack name, so EventBridge cannot filter: every group's actions go to the bridge.
  expect(rule!.Properties.EventPattern.detail).toBeUndefined();
  expect(rule!.Properties.Targets[0]).toEqual(
    expect.objectContaining({ RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 }, DeadLetterConfig: { Arn: expect.anything() } }),
  );
});

test('CloudTrail rules take only successful CreateImage and CreateAutoScalingGroup calls', () => {
  for (const [source, eventName] of [['aws.ec2', 'CreateImage'], ['aws.autoscaling', 'CreateAutoScalingGroup']]) {
    tokyo.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: [source], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: [eventName], errorCode: [{ exists: false }] } },
    });
  }
});

test('the hook queue redrives to a dead-letter queue and the bridge reports failed records one by one', () => {
  tokyo.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() }, VisibilityTimeout: 180, SqsManagedSseEnabled: true });
  tokyo.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10 });
  tokyo.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'autoscaling.amazonaws.com' } })] } });
  tokyo.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: [Match.objectLike({ Action: ['sqs:SendMessage', 'sqs:GetQueueUrl'] })] },
    Roles: [Match.objectLike({ Ref: Match.stringLikeRegexp('HookNotificationRole') })],
  });
});

test('the worker policy scopes lifecycle calls to the fleets\' groups and tags only images it creates', () => {
  const statements = managedPolicyStatements(tokyo, 'WorkerPolicy');
  const sid = (name: string) => statements.find((s) => s.Sid === name);
  expect(JSON.stringify(sid('LifecycleActions')!.Resource)).toMatch(/autoScalingGroupName\/web-prod-\*.*autoScalingGroupName\/batch-\?\?/);
  expect(sid('LifecycleActionsByStack')!.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/aws:cloudformation:stack-name': ['api-prod'] } });
  expect(sid('ForensicImageTags')).toEqual(expect.objectContaining({ Action: 'ec2:CreateTags', Condition: { StringEquals: { 'ec2:CreateAction': 'CreateImage' } } }));
  expect(JSON.stringify(sid('DrainSendCommand')!.Resource)).toContain('document/AWS-RunShellScript');
  expect(JSON.stringify(sid('ConfiguredParameters')!.Resource)).toContain('parameter/web-prod/launch-template-id');
  // Osaka has web-prod too, but its policy names Osaka's resources.
  expect(JSON.stringify(managedPolicyStatements(osaka, 'WorkerPolicy'))).toContain(':autoscaling:ap-northeast-3:');
});

test('the Fargate worker gets its key as a secret, a /readyz health check and a stop timeout past its shutdown grace', () => {
  tokyo.hasResourceProperties('AWS::ECS::TaskDefinition', {
    RuntimePlatform: { CpuArchitecture: 'ARM64' },
    ContainerDefinitions: [
      Match.objectLike({
        StopTimeout: 45,
        HealthCheck: Match.objectLike({ Command: ['CMD', 'node', '-e', Match.stringLikeRegexp('127\\.0\\.0\\.1:8081/readyz')] }),
        Secrets: Match.arrayWith([Match.objectLike({ Name: 'TEMPORAL_API_KEY' }), Match.objectLike({ Name: 'SLACK_WEBHOOK_URL' })]),
        Environment: Match.arrayWith([{ Name: 'WORKER_SHUTDOWN_GRACE_TIME', Value: '30s' }, { Name: 'HEALTH_BIND_ADDRESS', Value: '127.0.0.1:8081' }]),
        LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
      }),
    ],
  });
  tokyo.hasResourceProperties('AWS::ECS::Service', { LaunchType: 'FARGATE', NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) } });
  // Osaka names no service in the example.
  osaka.resourceCountIs('AWS::ECS::Service', 0);
});

test('every Lambda function in every stack runs nodejs22.x or newer', () => {
  for (const template of [tokyo, osaka]) {
    const runtimes = Object.values(template.findResources('AWS::Lambda::Function')).map((f) => (f as { Properties: { Runtime: string } }).Properties.Runtime);
    expect(runtimes.length).toBeGreaterThan(0);
    for (const runtime of runtimes) {
      const major = Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1]);
      expect({ runtime, supported: major >= 22 }).toEqual({ runtime, supported: true });
    }
  }
});

test('name, prefix and glob fleets become EventBridge patterns, so other groups\' actions never reach the bridge', () => {
  const configPath = writeFleetConfig({
    version: 1,
    fleets: [
      { name: 'api', match: { name: 'api-1' }, regions: ['eu-west-1'], terminate: {} },
      { name: 'web', match: { prefix: 'web-' }, regions: ['eu-west-1'], launchGate: { originBaseUrl: 'https://www.example.com', hostHeader: 'www.example.com' } },
      { name: 'batch', match: { glob: 'batch-??' }, regions: ['eu-west-1'], terminate: {} },
    ],
  });

  const { templates } = synthFleetApp({ fleetConfig: configPath, temporal: { address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct' }, sqsPath: false }, buildBridge(configPath));

  const template = templates.get('eu-west-1')!;
  template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: { source: ['aws.autoscaling'], detail: { AutoScalingGroupName: ['api-1', { prefix: 'web-' }, { prefix: 'batch-' }] } },
  });
  // No golden image or pin-latest fleet: no CloudTrail rule; sqsPath off: no queue but the rules' DLQ.
  template.resourceCountIs('AWS::Events::Rule', 1);
  template.resourceCountIs('AWS::SQS::Queue', 1);
});

test('no IAM policy in either stack allows a wildcard action, and every "*" resource of the worker policy carries a condition', () => {
  for (const template of [tokyo, osaka]) {
    expect(everyAllowedAction(template).filter((action) => action === '*' || action.endsWith(':*'))).toEqual([]);
    const unconditioned = managedPolicyStatements(template, 'WorkerPolicy')
      .filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')))
      .filter((s) => !s.Condition)
      .map((s) => s.Sid);
    expect(unconditioned).toEqual([]);
  }
});
