import { failures, SCENARIO_TIMEOUT_MS, useE2eStack } from './e2e-stack';

const e2e = useE2eStack();

test('morning ECS startup: A, then B, then C, D, E reach their counts without a failed task', async () => {
  // Act
  const report = await e2e.play('ecs-startup');

  // Assess
  expect(failures(report)).toEqual([]);
  expect(report.ok).toBe(true);
  const services = e2e.stack.simulator.state().ecs.find((c) => c.cluster === 'myapp-dev-cluster')!.services;
  expect(services.map((s) => [s.serviceName, s.desiredCount, s.runningCount, s.failedTasks])).toEqual([
    ['myapp-dev-serviceA', 1, 1, 0],
    ['myapp-dev-serviceB', 3, 3, 0],
    ['myapp-dev-serviceC', 1, 1, 0],
    ['myapp-dev-serviceD', 7, 7, 0],
    ['myapp-dev-serviceE', 1, 1, 0],
  ]);
}, SCENARIO_TIMEOUT_MS);

test('golden image: the backup AMI becomes the default template version and old versions are pruned', async () => {
  // Act
  const report = await e2e.play('golden-image');

  // Assess
  expect(failures(report)).toEqual([]);
  expect(report.ok).toBe(true);
  const state = e2e.stack.simulator.state();
  const backup = state.images.find((i) => i.description?.includes('EC2_BACKUP'))!;
  const template = state.launchTemplates.find((t) => t.name === 'web-golden-lt')!;
  expect(backup.state).toBe('available');
  expect(template.defaultVersion).toBe(template.latestVersion);
  expect(template.versions.map((v) => [v.versionNumber, v.imageId === backup.imageId])).toEqual([
    [3, false],
    [4, false],
    [5, true],
  ]);
}, SCENARIO_TIMEOUT_MS);
