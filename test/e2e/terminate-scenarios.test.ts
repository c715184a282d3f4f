import { AutoScalingClient, StartInstanceRefreshCommand } from '@aws-sdk/client-auto-scaling';
import type { TerminateResult } from '../../common/terminate';
import { failures, SCENARIO_TIMEOUT_MS, useE2eStack, waitUntil } from './e2e-stack';

const e2e = useE2eStack();

test('unexpected scale-in: the lost instance is kept as an AMI, drained, then released', async () => {
  // Act
  const report = await e2e.play('unexpected-scale-in');

  // Assess
  expect(failures(report)).toEqual([]);
  expect(report.ok).toBe(true);
  const state = e2e.stack.simulator.state();
  const terminated = state.lifecycleActions.filter((a) => a.autoScalingGroupName === 'web-scale-in-asg' && a.transition === 'autoscaling:EC2_INSTANCE_TERMINATING');
  expect(terminated).toHaveLength(1);
  const instanceId = terminated[0]!.instanceId;
  const images = state.images.filter((i) => i.sourceInstanceId === instanceId);
  expect(images).toHaveLength(1);
  expect(images[0]!.state).toBe('available');
  const result = (await e2e.stack.client.workflow.getHandle(`terminate/${instanceId}/${terminated[0]!.token}`).result()) as TerminateResult;
  expect(result).toMatchObject({ outcome: 'completed', decision: { kind: 'unexpected', reason: 'asg-current' }, forensics: { status: 'available', imageId: images[0]!.imageId } });
  expect(state.sns.published.filter((m) => m.message.includes(images[0]!.imageId)).length).toBeGreaterThan(0);
}, SCENARIO_TIMEOUT_MS);

test("an instance refresh of the fleet's current group replaces its instance without a forensic image", async () => {
  // Prepare: after the scale-in above, web-scale-in-asg is the fleet's current group with one instance.
  const { simulator, client } = e2e.stack;
  const group = 'web-scale-in-asg';
  const imagesBefore = simulator.state().images.length;
  const [old] = simulator.state().autoScalingGroups.find((g) => g.name === group)!.instances;
  expect(old).toMatchObject({ lifecycleState: 'InService' });

  // Act: our own kind of change, a refresh, started as the golden-image rollout starts one.
  const autoScaling = new AutoScalingClient({ region: 'us-east-1', endpoint: simulator.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await autoScaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: group }));
  const action = await waitUntil(() =>
    simulator.state().lifecycleActions.find((a) => a.instanceId === old!.instanceId && a.transition === 'autoscaling:EC2_INSTANCE_TERMINATING'),
  );
  const result = (await client.workflow.getHandle(`terminate/${old!.instanceId}/${action.token}`).result()) as TerminateResult;

  // Assess: planned by Auto Scaling's own cause, drained, released, and no image.
  expect(result).toMatchObject({ outcome: 'completed', decision: { kind: 'planned', reason: 'planned-cause' }, forensics: { status: 'skipped' } });
  expect(result.decision?.evidence.scalingActivity?.cause).toBe('instance-refresh');
  expect(result.drain.status).toBe('done');
  expect(simulator.state().images).toHaveLength(imagesBefore);
  await waitUntil(() => {
    const instances = simulator.state().autoScalingGroups.find((g) => g.name === group)!.instances;
    return instances.length === 1 && instances[0]!.instanceId !== old!.instanceId && instances[0]!.lifecycleState === 'InService' ? true : undefined;
  });
}, SCENARIO_TIMEOUT_MS);

test('planned release: the replaced group\'s instance is drained without an AMI and the new group is pinned to $Latest', async () => {
  // Act
  const report = await e2e.play('planned-release');

  // Assess
  expect(failures(report)).toEqual([]);
  expect(report.ok).toBe(true);
  const state = e2e.stack.simulator.state();
  const blue = state.lifecycleActions.filter((a) => a.autoScalingGroupName === 'web-release-blue-asg' && a.transition === 'autoscaling:EC2_INSTANCE_TERMINATING');
  expect(blue).toHaveLength(1);
  expect(state.images.filter((i) => i.sourceInstanceId === blue[0]!.instanceId)).toEqual([]);
  expect(state.autoScalingGroups.find((g) => g.name === 'web-release-green-asg')?.launchTemplate.Version).toBe('$Latest');
  const result = (await e2e.stack.client.workflow.getHandle(`terminate/${blue[0]!.instanceId}/${blue[0]!.token}`).result()) as TerminateResult;
  expect(result.decision).toMatchObject({ kind: 'planned', reason: 'asg-replaced' });
  expect(result.forensics.status).toBe('skipped');
  expect(result.drain.command.status).toBe('success');
}, SCENARIO_TIMEOUT_MS);
