import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AutoScalingGroup } from 'aws-cdk-lib/aws-autoscaling';
import { InstanceType, MachineImage, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { FleetLifecycleHooks, LAUNCH_HOOK_NAME, TERMINATE_HOOK_NAME } from '../../deploy/fleet-lifecycle-hooks';
import { parseFleetConfig } from '../../starters/fleet-config/load-fleet-config';

function fleetFrom(yaml: string) {
  return parseFleetConfig(yaml, 'fleet.yaml').fleets[0]!;
}

function groupStack(): { stack: Stack; group: AutoScalingGroup } {
  const stack = new Stack(new App(), 'Fleet', { env: { account: '123456789012', region: 'ap-northeast-1' } });
  const group = new AutoScalingGroup(stack, 'Web', {
    vpc: new Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }),
    instanceType: new InstanceType('t4g.small'),
    machineImage: MachineImage.genericLinux({ 'ap-northeast-1': 'ami-0123456789abcdef0' }),
  });
  return { stack, group };
}

const WEB = `
version: 1
fleets:
  - name: web
    match: { prefix: web- }
    launchGate: { originBaseUrl: https://www.example.com, hostHeader: www.example.com, onGiveUp: CONTINUE, hookHeartbeatTimeoutSeconds: 600 }
    terminate: { hookHeartbeatTimeoutSeconds: 900 }
`;

test('a fleet with a gate and terminate settings gets both hooks with its heartbeat timeouts and default results', () => {
  const { stack, group } = groupStack();

  new FleetLifecycleHooks(stack, 'Hooks', { autoScalingGroup: group, fleet: fleetFrom(WEB) });

  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::AutoScaling::LifecycleHook', {
    LifecycleHookName: LAUNCH_HOOK_NAME,
    LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
    HeartbeatTimeout: 600,
    DefaultResult: 'CONTINUE',
  });
  template.hasResourceProperties('AWS::AutoScaling::LifecycleHook', {
    LifecycleHookName: TERMINATE_HOOK_NAME,
    LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
    HeartbeatTimeout: 900,
    DefaultResult: 'CONTINUE',
  });
  // Without a queue the hooks only emit EventBridge events.
  template.hasResourceProperties('AWS::AutoScaling::LifecycleHook', { NotificationTargetARN: Match.absent() });
});

test('a gate-only fleet gets only the launch hook, abandoning by default with AWS\'s one-hour timeout', () => {
  const { stack, group } = groupStack();

  new FleetLifecycleHooks(stack, 'Hooks', {
    autoScalingGroup: group,
    fleet: fleetFrom('version: 1\nfleets:\n  - { name: web, match: { name: web-1 }, launchGate: { originBaseUrl: "https://a.example", hostHeader: a.example } }\n'),
  });

  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::AutoScaling::LifecycleHook', 1);
  template.hasResourceProperties('AWS::AutoScaling::LifecycleHook', { LifecycleHookName: LAUNCH_HOOK_NAME, HeartbeatTimeout: 3600, DefaultResult: 'ABANDON' });
});

test('with the hook queue, each hook notifies the queue with the given role', () => {
  const { stack, group } = groupStack();
  const queue = new Queue(stack, 'HookQueue');
  const role = new Role(stack, 'HookRole', { assumedBy: new ServicePrincipal('autoscaling.amazonaws.com') });

  new FleetLifecycleHooks(stack, 'Hooks', { autoScalingGroup: group, fleet: fleetFrom(WEB), notify: { queue, role } });

  const template = Template.fromStack(stack);
  const hooks = Object.values(template.findResources('AWS::AutoScaling::LifecycleHook')) as Array<{ Properties: Record<string, unknown> }>;
  expect(hooks).toHaveLength(2);
  for (const hook of hooks) {
    expect(JSON.stringify(hook.Properties.NotificationTargetARN)).toContain('HookQueue');
    expect(JSON.stringify(hook.Properties.RoleARN)).toContain('HookRole');
  }
});
