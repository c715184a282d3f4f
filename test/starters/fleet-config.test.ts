import { FleetConfigError } from '../../starters/fleet-config/load-fleet-config';
import { configFrom, exampleConfig } from './fixtures';

test('the example configuration is valid', () => {
  expect(exampleConfig().fleets.map((f) => f.name)).toEqual(['web-prod', 'api-prod', 'batch']);
});

test.each([
  ['a misspelt setting', 'fleets: [{ name: a, match: { prefix: a- }, launchGate: { originBaseUrl: "https://x.example", hostHeader: x, maxCheck: 3 } }]', 'fleets.0.launchGate: Unrecognized key: "maxCheck"'],
  ['two selectors in one match', 'fleets: [{ name: a, match: { prefix: a-, glob: "a*" } }]', 'fleets.0.match: set exactly one of name, prefix, glob, stackName'],
  ['no selector', 'fleets: [{ name: a, match: {} }]', 'fleets.0.match: set exactly one of'],
  ['a duplicate fleet name', 'fleets: [{ name: a, match: { name: x } }, { name: a, match: { name: y } }]', "fleets.1.name: duplicate fleet name 'a'"],
  ['a bad region', 'fleets: [{ name: a, match: { name: x }, regions: [tokyo] }]', 'fleets.0.regions.0: expected an AWS region'],
  ['a bad origin URL', 'fleets: [{ name: a, match: { name: x }, launchGate: { originBaseUrl: www, hostHeader: x } }]', 'fleets.0.launchGate.originBaseUrl: expected an http(s) URL'],
])('%s is rejected naming the field', (_, fleets, message) => {
  expect(() => configFrom(`version: 1\n${fleets}\n`)).toThrow(FleetConfigError);
  expect(() => configFrom(`version: 1\n${fleets}\n`)).toThrow(`test-config.yaml: ${message}`);
});

test('JSON works as well as YAML', () => {
  expect(configFrom('{"version": 1, "fleets": [{"name": "a", "match": {"glob": "a-*"}, "pinLatest": true}]}').fleets[0]!.pinLatest).toBe(true);
});

// Issue 16.2: values that used to load and then fail every run. The loader now says what the
// workflow would say (test/settings/settings-agreement.test.ts holds the two sides together).
const gate = (extra: string, origin = '"https://www.example.com"', host = 'www.example.com') =>
  `fleets: [{ name: a, match: { name: x }, launchGate: { originBaseUrl: ${origin}, hostHeader: ${host}, ${extra} } }]`;
const terminate = (extra: string) => `fleets: [{ name: a, match: { name: x }, terminate: { ${extra} } }]`;
const golden = (extra: string) => `fleets: [{ name: a, match: { name: x }, goldenImage: { launchTemplateIdParameter: /a/lt, ${extra} } }]`;

test.each([
  ['a 200 s request timeout', gate('requestTimeoutMs: 200000'), 'fleets.0.launchGate.requestTimeoutMs: expected a number from 1 to 120000, got 200000'],
  ['a file:// origin', gate('', '"file:///etc/passwd"'), 'fleets.0.launchGate.originBaseUrl: expected an http(s) URL such as https://www.example.com, got "file:///etc/passwd"'],
  ['a // path', gate('paths: [/, //evil.example/]'), 'fleets.0.launchGate.paths.1: expected a path starting with a single /, got "//evil.example/"'],
  ['a host header with a path', gate('', undefined, 'www.example.com/news'), 'fleets.0.launchGate.hostHeader: expected a host name such as www.example.com'],
  ['a fractional check interval', gate('checkIntervalSeconds: 1.5'), 'fleets.0.launchGate.checkIntervalSeconds: expected a whole number from 1 to 86400, got 1.5'],
  ['a 1 s heartbeat interval', terminate('hookHeartbeatIntervalSeconds: 1'), 'fleets.0.terminate.hookHeartbeatIntervalSeconds: expected a number from 5 to 7200, got 1'],
  ['a 1 s forensic image poll', terminate('forensics: { imagePollIntervalSeconds: 1 }'), 'fleets.0.terminate.forensics.imagePollIntervalSeconds: expected a number from 5 to 3600, got 1'],
  ['a heartbeat timeout Auto Scaling refuses', terminate('hookHeartbeatTimeoutSeconds: 10'), 'fleets.0.terminate.hookHeartbeatTimeoutSeconds: expected a number from 30 to 7200, got 10'],
  ['an unknown scaling cause', terminate('causes: { instance-refreshes: planned }'), 'fleets.0.terminate.causes.instance-refreshes: unknown scaling cause; expected one of '],
  ['a verdict that is neither planned nor unexpected', terminate('causes: { scale-in: ignore }'), 'fleets.0.terminate.causes.scale-in: expected one of planned, unexpected, got "ignore"'],
  ['a 300-character version description', golden(`versionDescription: ${'v'.repeat(300)}`), 'fleets.0.goldenImage.versionDescription: expected 1 to 255 characters, got 300'],
  ['a refresh watch shorter than a minute', golden('instanceRefresh: { enabled: true, timeoutMinutes: 0 }'), 'fleets.0.goldenImage.instanceRefresh.timeoutMinutes: expected a number from 1 to 2880, got 0'],
  ['an instance refresh without enabled', golden('instanceRefresh: { minHealthyPercentage: 90 }'), 'fleets.0.goldenImage.instanceRefresh.enabled: '],
])('%s is rejected at load, naming the field', (_, fleets, message) => {
  expect(() => configFrom(`version: 1\n${fleets}\n`)).toThrow(`test-config.yaml: ${message}`);
});

test('the golden-image settings README documents load: notifications and the refresh watch', () => {
  // Act
  const config = configFrom(`version: 1
fleets:
  - name: a
    match: { name: x }
    goldenImage:
      launchTemplateIdParameter: /a/launch-template-id
      instanceRefresh: { enabled: true, timeoutMinutes: 90, pollIntervalSeconds: 30 }
      notifications: { snsTopicArn: "arn:aws:sns:us-east-1:123456789012:ops" }
`);

  // Assess
  expect(config.fleets[0]!.goldenImage).toEqual({
    launchTemplateIdParameter: '/a/launch-template-id',
    instanceRefresh: { enabled: true, timeoutMinutes: 90, pollIntervalSeconds: 30 },
    notifications: { snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops' },
  });
});

test('a fleet names only the scaling causes it treats differently', () => {
  // Act
  const config = configFrom('version: 1\nfleets: [{ name: a, match: { name: x }, terminate: { causes: { instance-refresh: unexpected, user-request: planned } } }]\n');

  // Assess
  expect(config.fleets[0]!.terminate!.causes).toEqual({ 'instance-refresh': 'unexpected', 'user-request': 'planned' });
});
