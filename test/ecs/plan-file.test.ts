import { join } from 'node:path';
import { ECS_PLAN_DEFAULTS } from '../../common/ecs-plan';
import { EcsPlanError, loadEcsPlanFile, parseEcsPlan } from '../../starters/ecs/plan-file';
import { findCycle } from '../../workflows/ecs-plan-graph';

const example = join(__dirname, '..', '..', 'examples', 'ecs-plan.yaml');

const yamlPlan = (services: string) => `
cluster: c1
services:
${services}
`;

function problemOf(text: string, source = 'plan.yaml'): string {
  try {
    parseEcsPlan(text, source);
  } catch (err) {
    expect(err).toBeInstanceOf(EcsPlanError);
    return (err as Error).message;
  }
  throw new Error('expected the plan to be rejected');
}

test("the example reproduces the original: cluster ${service}-${env}-cluster, A → B → {C, D, E}, 1 3 1 7 1", () => {
  // Act
  const { plan, schedule } = loadEcsPlanFile(example);

  // Assess
  expect(plan.name).toBe('myapp-dev');
  expect(plan.cluster).toBe('myapp-dev-cluster');
  expect(plan.services.map((s) => [s.name.slice(-1), s.desiredCount, s.dependsOn.map((d) => d.slice(-1))])).toEqual([
    ['A', 1, []],
    ['B', 3, ['A']],
    ['C', 1, ['B']],
    ['D', 7, ['B']],
    ['E', 1, ['B']],
  ]);
  expect(plan.overallTimeoutSeconds).toBe(300);
  expect(plan.pollIntervalSeconds).toBe(10);
  expect(plan.notifications).toEqual({ slackWebhook: { env: 'ECS_SLACK_WEBHOOK_URL' } });
  expect(schedule).toEqual({ start: '0 8 * * 1-5', stop: '0 22 * * 1-5', timezone: 'Asia/Tokyo' });
});

test('--var overrides a placeholder of the file', () => {
  const { plan } = loadEcsPlanFile(example, { env: 'stg' });
  expect(plan.cluster).toBe('myapp-stg-cluster');
  expect(plan.services[1]?.dependsOn).toEqual(['myapp-stg-serviceA']);
});

test('defaults fill what the plan leaves out; JSON works as well as YAML', () => {
  const { plan } = parseEcsPlan(JSON.stringify({ cluster: 'c1', services: [{ name: 'a', desiredCount: 2 }] }), 'plan.json');
  expect(plan).toEqual({
    name: 'c1',
    cluster: 'c1',
    region: undefined,
    services: [{ name: 'a', desiredCount: 2, dependsOn: [] }],
    readiness: ECS_PLAN_DEFAULTS.readiness,
    pollIntervalSeconds: 10,
    serviceTimeoutSeconds: 240,
    overallTimeoutSeconds: 300,
    maxFailedTasks: 3,
  });
});

test('a cycle is rejected with its path', () => {
  const message = problemOf(
    yamlPlan(`
  - { name: a, desiredCount: 1, dependsOn: [c] }
  - { name: b, desiredCount: 1, dependsOn: [a] }
  - { name: c, desiredCount: 1, dependsOn: [b] }
  - { name: d, desiredCount: 1 }`),
  );
  expect(message).toBe('plan.yaml: invalid ECS plan: services: dependency cycle: a → c → b → a');
});

test('a service depending on itself is a cycle of one', () => {
  expect(problemOf(yamlPlan('  - { name: a, desiredCount: 1, dependsOn: [a] }'))).toContain('dependency cycle: a → a');
});

test('unknown dependencies and duplicates are named with their place in the file', () => {
  const message = problemOf(
    yamlPlan(`
  - { name: a, desiredCount: 1 }
  - { name: b, desiredCount: 1, dependsOn: [a, zz] }
  - { name: a, desiredCount: 2 }`),
  );
  expect(message).toContain('services[2].name: duplicate service "a" (services[0] and services[2])');
  expect(message).toContain('services[1].dependsOn[1]: services[1] (b).dependsOn: unknown service "zz"');
});

test('field errors name the field', () => {
  expect(problemOf(yamlPlan('  - { name: a, desiredCount: -1 }'))).toMatch(/services\[0\]\.desiredCount: /);
  expect(problemOf('cluster: c1\nservices: []\n')).toMatch(/services: /);
  expect(problemOf(yamlPlan('  - { name: a, desiredCount: 1, depends: [b] }'))).toMatch(/services\[0\]: .*depends/);
  expect(problemOf(`${yamlPlan('  - { name: a, desiredCount: 1 }')}notifications: { snsTopicArn: nope }\n`)).toMatch(
    /notifications\.snsTopicArn: expected an SNS topic ARN/,
  );
  expect(problemOf(`${yamlPlan('  - { name: a, desiredCount: 1 }')}pollIntervalSeconds: 0\n`)).toMatch(/pollIntervalSeconds: /);
});

test('an unknown placeholder is an error naming it and where it is', () => {
  expect(problemOf('cluster: ${service}-cluster\nservices: [{ name: a, desiredCount: 1 }]\n')).toBe(
    'plan.yaml: cluster: unknown variable ${service} (define it under variables or pass --var service=…)',
  );
});

test('broken YAML and JSON say which file and what', () => {
  expect(problemOf('cluster: [', 'p.yaml')).toMatch(/^p\.yaml: not valid YAML/);
  expect(problemOf('{"cluster":', 'p.json')).toMatch(/^p\.json: not valid JSON/);
  expect(() => loadEcsPlanFile('/nonexistent/plan.yaml')).toThrow(/\/nonexistent\/plan\.yaml: cannot read the plan/);
});

test('findCycle finds none in a diamond', () => {
  const diamond = parseEcsPlan(
    yamlPlan(`
  - { name: a, desiredCount: 1 }
  - { name: b, desiredCount: 1, dependsOn: [a] }
  - { name: c, desiredCount: 1, dependsOn: [a] }
  - { name: d, desiredCount: 1, dependsOn: [b, c] }`),
    'd.yaml',
  ).plan;
  expect(findCycle(diamond)).toBeUndefined();
});
