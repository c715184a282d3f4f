import { isSettingDefinition, type SettingGroup } from '../../common/settings/definition';
import { GOLDEN_IMAGE_SETTINGS } from '../../common/settings/golden-image';
import { LAUNCH_GATE_SETTINGS } from '../../common/settings/launch-gate';
import { TERMINATE_SETTINGS } from '../../common/settings/terminate';
import { FleetConfigError, parseFleetConfig } from '../../starters/fleet-config/load-fleet-config';

// docs/bridge.md: "unknown keys are errors that name their path", at every level of the
// fleet configuration, not only under launchGate (issue 14, item 5). The test adds a key to
// every map of a configuration that uses every map there is, one map at a time.
const UNKNOWN = 'unexpectedKey';
const topic = 'arn:aws:sns:us-east-1:123456789012:fleet-ops';

/** A valid configuration with every level the schema has (every nested settings group, every notification target). */
function fullConfig(): Record<string, unknown> {
  return {
    version: 1,
    taskQueue: 'fleet-workflows',
    fleets: [
      {
        name: 'web-prod',
        match: { prefix: 'web-prod-' },
        regions: ['ap-northeast-1'],
        taskQueue: 'web',
        notifications: { slackWebhook: { env: 'SLACK_WEBHOOK_URL' }, snsTopicArn: topic, region: 'us-east-1' },
        launchGate: { originBaseUrl: 'https://www.example.com', hostHeader: 'www.example.com', paths: ['/'] },
        terminate: {
          forensics: { enabled: true, noReboot: true },
          drain: { enabled: true, monitoring: { kind: 'zabbix', action: 'delete' } },
          causes: { 'health-check': 'unexpected' },
          notifications: { snsTopicArn: topic },
        },
        goldenImage: {
          launchTemplateIdParameter: '/web-prod/launch-template-id',
          instanceRefresh: { enabled: true, minHealthyPercentage: 90 },
          notifications: { slackWebhook: { ssmParameter: '/fleet/slack-webhook' } },
        },
        pinLatest: true,
      },
    ],
    ecsPlans: [],
  };
}

type Path = (string | number)[];

/** Every plain object in the configuration, by path. ECS plan entries are checked by the ECS plan schema, not here. */
function mapPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return path[0] === 'ecsPlans' ? [] : value.flatMap((item, i) => mapPaths(item, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return [path, ...Object.entries(value).flatMap(([key, child]) => mapPaths(child, [...path, key]))];
}

/** Nested settings groups the definitions declare, e.g. terminate.drain.monitoring. */
function groupPaths(group: SettingGroup, prefix: string): string[] {
  return Object.entries(group).flatMap(([name, entry]) =>
    isSettingDefinition(entry) ? [] : [`${prefix}.${name}`, ...groupPaths(entry, `${prefix}.${name}`)],
  );
}

function withUnknownKeyAt(path: Path): Record<string, unknown> {
  const config = fullConfig();
  let target: Record<string | number, unknown> = config;
  for (const step of path) target = target[step] as Record<string | number, unknown>;
  // A copy of a valid sibling value, so only the key itself is wrong.
  target[UNKNOWN] = structuredClone(Object.values(target)[0]);
  return config;
}

const parse = (config: unknown) => parseFleetConfig(JSON.stringify(config), 'test-config.json');
const paths = mapPaths(fullConfig());
const dotted = (path: Path) => path.join('.');

test('the full configuration is valid, so each failure below comes from the added key alone', () => {
  expect(() => parse(fullConfig())).not.toThrow();
});

test('the full configuration reaches every nested settings group the definitions declare', () => {
  const declared = [
    ...groupPaths(LAUNCH_GATE_SETTINGS, 'fleets.0.launchGate'),
    ...groupPaths(TERMINATE_SETTINGS, 'fleets.0.terminate'),
    ...groupPaths(GOLDEN_IMAGE_SETTINGS, 'fleets.0.goldenImage'),
  ];
  expect(declared.length).toBeGreaterThan(0);
  expect(paths.map(dotted)).toEqual(expect.arrayContaining(declared));
});

test.each(paths.map((path) => [dotted(path) || '(top level)', path] as const))(
  'an unknown key at %s is an error naming that place',
  (_where, path) => {
    const load = () => parse(withUnknownKeyAt(path));
    expect(load).toThrow(FleetConfigError);
    const message = (() => {
      try {
        load();
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toContain(`test-config.json: ${dotted(path) || '(root)'}`);
    expect(message).toContain(UNKNOWN);
  },
);
