import type { LocalStack } from '../../starters/local-stack';
import { failures, play, SCENARIO_TIMEOUT_MS, startE2eStack, STACK_START_TIMEOUT_MS } from './e2e-stack';

let stack: LocalStack;
let lines: string[];

beforeAll(async () => {
  ({ stack, lines } = await startE2eStack());
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
});

test('morning ECS startup: A, then B, then C, D, E reach their counts without a failed task', async () => {
  // Act
  const report = await play(stack, 'ecs-startup', lines);

  // Assess
  expect(failures(report)).toEqual([]);
  expect(report.ok).toBe(true);
  const services = stack.simulator.state().ecs.find((c) => c.cluster === 'myapp-dev-cluster')!.services;
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
  const report = await play(stack, 'golden-image', lines);

  // Assess
  expect(failures(report)).toEqual([]);
  expect(report.ok).toBe(true);
  const state = stack.simulator.state();
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
