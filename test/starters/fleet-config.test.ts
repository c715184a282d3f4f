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
  ['a bad origin URL', 'fleets: [{ name: a, match: { name: x }, launchGate: { originBaseUrl: www, hostHeader: x } }]', 'fleets.0.launchGate.originBaseUrl: expected the origin base URL'],
])('%s is rejected naming the field', (_, fleets, message) => {
  expect(() => configFrom(`version: 1\n${fleets}\n`)).toThrow(FleetConfigError);
  expect(() => configFrom(`version: 1\n${fleets}\n`)).toThrow(`test-config.yaml: ${message}`);
});

test('JSON works as well as YAML', () => {
  expect(configFrom('{"version": 1, "fleets": [{"name": "a", "match": {"glob": "a-*"}, "pinLatest": true}]}').fleets[0]!.pinLatest).toBe(true);
});
