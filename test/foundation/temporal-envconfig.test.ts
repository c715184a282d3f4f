import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from '@temporalio/client';
import { ConfigError } from '../../common/env-config';
import { describeTemporalConfig, loadTemporalConfig, toConnectionOptions } from '../../common/temporal-config';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIBsecretkey\n-----END PRIVATE KEY-----\n';

let dir: string;
let configFile: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'envconfig-'));
  configFile = join(dir, 'temporal.toml');
  writeFileSync(
    configFile,
    [
      '[profile.default]',
      'address = "127.0.0.1:7233"',
      '',
      '[profile.prod]',
      'address = "prod.a1b2c.tmprl.cloud:7233"',
      'namespace = "prod.a1b2c"',
      'api_key = "profile-api-key"',
      '[profile.prod.grpc_meta]',
      'x-team = "fleet"',
      '',
      '[profile.broken]',
      'address = "no-port-here"',
    ].join('\n'),
  );
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('TEMPORAL_PROFILE selects a profile of the TOML file named by TEMPORAL_CONFIG_FILE', () => {
  // Act
  const config = loadTemporalConfig({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'prod' });

  // Assess
  expect(config).toMatchObject({
    address: 'prod.a1b2c.tmprl.cloud:7233',
    namespace: 'prod.a1b2c',
    apiKey: 'profile-api-key',
    grpcMeta: { 'x-team': 'fleet' },
    profile: 'prod',
  });
  expect(config.tls).toBeDefined();
});

test('without TEMPORAL_PROFILE the default profile is read', () => {
  const config = loadTemporalConfig({ TEMPORAL_CONFIG_FILE: configFile });

  expect(config).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default' });
  expect(config.tls).toBeUndefined();
});

test('the default temporal.toml is found under XDG_CONFIG_HOME, as the temporal CLI finds it', () => {
  const xdg = join(dir, 'xdg');
  mkdirSync(join(xdg, 'temporalio'), { recursive: true });
  writeFileSync(join(xdg, 'temporalio', 'temporal.toml'), '[profile.default]\nnamespace = "from-xdg"\n');

  expect(loadTemporalConfig({ XDG_CONFIG_HOME: xdg }).namespace).toBe('from-xdg');
});

test('variables override the profile, and TEMPORAL_GRPC_META_* add or remove headers', () => {
  // Act
  const config = loadTemporalConfig({
    TEMPORAL_CONFIG_FILE: configFile,
    TEMPORAL_PROFILE: 'prod',
    TEMPORAL_NAMESPACE: 'staging.a1b2c',
    TEMPORAL_API_KEY: 'env-api-key',
    TEMPORAL_GRPC_META_X_TEAM: '',
    TEMPORAL_GRPC_META_X_REGION: 'eu-west-1',
  });

  // Assess
  expect(config).toMatchObject({ address: 'prod.a1b2c.tmprl.cloud:7233', namespace: 'staging.a1b2c', apiKey: 'env-api-key' });
  expect(config.grpcMeta).toEqual({ 'x-region': 'eu-west-1' });
  expect(toConnectionOptions(config).metadata).toEqual({ 'x-region': 'eu-west-1' });
});

test('TEMPORAL_TLS=false turns TLS off even with an API key, and the task queue stays ours', () => {
  const config = loadTemporalConfig({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'no', TEMPORAL_TASK_QUEUE: 'fleet-blue' });

  expect(config.tls).toBeUndefined();
  expect(config.taskQueue).toBe('fleet-blue');
  expect(toConnectionOptions(config).tls).toBe(false);
});

test('mTLS material given inline (TEMPORAL_TLS_CLIENT_*_DATA) reaches the connection and never the description', () => {
  // Act
  const config = loadTemporalConfig({ TEMPORAL_TLS_CLIENT_CERT_DATA: CERT, TEMPORAL_TLS_CLIENT_KEY_DATA: KEY, TEMPORAL_GRPC_META_AUTHORIZATION: 'Bearer hdr-secret' });
  const options = toConnectionOptions(config);

  // Assess
  expect(clientPair(options)).toEqual({ crt: CERT, key: KEY });
  const described = JSON.stringify(describeTemporalConfig(config));
  expect(described).not.toContain('MIIBsecretkey');
  expect(described).not.toContain('hdr-secret');
  expect(describeTemporalConfig(config)).toMatchObject({ mtls: true, grpcMetaKeys: ['authorization'] });
});

test('mTLS material from files is read when connecting, and an unreadable file names its variable', () => {
  writeFileSync(join(dir, 'client.pem'), CERT);
  writeFileSync(join(dir, 'client.key'), KEY);
  const config = loadTemporalConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: join(dir, 'client.pem'), TEMPORAL_TLS_CLIENT_KEY_PATH: join(dir, 'client.key') });
  expect(clientPair(toConnectionOptions(config))).toEqual({ crt: CERT, key: KEY });

  rmSync(join(dir, 'client.key'));
  expect(() => toConnectionOptions(config)).toThrow(/^invalid configuration: TEMPORAL_TLS_CLIENT_KEY_PATH: cannot read/);
});

test.each([
  [{ TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' }, /^invalid configuration: TEMPORAL_CONFIG_FILE: no such file/],
  [{ TEMPORAL_PROFILE: 'nope' }, /^invalid configuration: TEMPORAL_PROFILE: Profile 'nope' not found/],
  [{ TEMPORAL_PROFILE: 'broken' }, /^invalid configuration: address of profile 'broken'.*expected host:port/],
  [{ TEMPORAL_ADDRESS: 'no-port' }, /^invalid configuration: TEMPORAL_ADDRESS: expected host:port/],
  [{ TEMPORAL_TLS: 'maybe' }, /^invalid configuration: TEMPORAL_TLS: expected true or false/],
  [{ TEMPORAL_TLS_CLIENT_CERT_DATA: CERT }, /TEMPORAL_TLS_CLIENT_KEY_PATH \(or _DATA\)/],
  [{ TEMPORAL_TLS_CLIENT_KEY_PATH: '/k', TEMPORAL_TLS_CLIENT_KEY_DATA: KEY }, /TEMPORAL_TLS_CLIENT_KEY_PATH and TEMPORAL_TLS_CLIENT_KEY_DATA: set one/],
])('a bad setting (%o) stops start-up with one line naming it', (override, expected) => {
  const load = () => loadTemporalConfig({ TEMPORAL_CONFIG_FILE: configFile, ...override });

  expect(load).toThrow(ConfigError);
  expect(load).toThrow(expected);
  expect(() => load()).toThrow(/^[^\n]*$/);
});

test('a TOML file that does not parse names TEMPORAL_CONFIG_FILE', () => {
  writeFileSync(configFile, '[profile.default\naddress = ');

  expect(() => loadTemporalConfig({ TEMPORAL_CONFIG_FILE: configFile })).toThrow(/^invalid configuration: TEMPORAL_CONFIG_FILE: /);
});

function clientPair(options: ConnectionOptions): { crt: string; key: string } | undefined {
  const pair = typeof options.tls === 'object' ? options.tls?.clientCertPair : undefined;
  return pair && { crt: Buffer.from(pair.crt).toString(), key: Buffer.from(pair.key).toString() };
}

test('a config file without profiles (an empty one, /dev/null) holds no settings', () => {
  expect(loadTemporalConfig({ TEMPORAL_CONFIG_FILE: '/dev/null', TEMPORAL_ADDRESS: '127.0.0.1:7233' })).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default' });
  expect(() => loadTemporalConfig({ TEMPORAL_CONFIG_FILE: '/dev/null', TEMPORAL_PROFILE: 'prod' })).toThrow(/^invalid configuration: TEMPORAL_PROFILE: Profile 'prod' not found/);
});
