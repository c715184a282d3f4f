import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Client, ConnectionOptions } from '@temporalio/client';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError } from '../../common/env-config';
import { loadBridgeConfig } from '../../starters/bridge/bridge-config';
import { BridgeSecretError, createBridgeSecrets, type BridgeSecretSources } from '../../starters/bridge/bridge-secrets';
import { createClientProvider, type ClientProvider } from '../../starters/temporal/client-provider';
import { startAll } from '../../starters/temporal/start-workflows';
import type { StartRequest } from '../../starters/routing/start-request';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIBsecretkey\n-----END PRIVATE KEY-----\n';
const API_KEY_PARAMETER = '/fleet/temporal-api-key';
const API_KEY_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fleet/temporal-api-key-AbCdEf';
const MTLS_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fleet/temporal-mtls-AbCdEf';
const base: ConnectionOptions = { address: 'prod.a1b2c.tmprl.cloud:7233', tls: false };

const ssmClient = new SSMClient({ region: 'eu-west-1' });
const secretsClient = new SecretsManagerClient({ region: 'eu-west-1' });
const ssm = mockClient(ssmClient);
const secretsManager = mockClient(secretsClient);

beforeEach(() => {
  ssm.reset();
  secretsManager.reset();
});

function secretsFrom(sources: Partial<BridgeSecretSources>) {
  return createBridgeSecrets({ maxAgeSeconds: 300, ...sources }, { ssm: ssmClient, secretsManager: secretsClient });
}

test('the API key is read from an SSM SecureString with decryption, once for a warm container, again when a connection is replaced', async () => {
  // Prepare
  ssm.on(GetParameterCommand, { Name: API_KEY_PARAMETER, WithDecryption: true }).resolvesOnce({ Parameter: { Value: 'key-v1' } }).resolves({ Parameter: { Value: 'key-v2' } });
  const secrets = secretsFrom({ apiKeySsmParameter: API_KEY_PARAMETER });

  // Act
  const first = await secrets.connectionOptions(base, false);
  const warm = await secrets.connectionOptions(base, false);
  const replaced = await secrets.connectionOptions(base, true);

  // Assess
  expect(first).toMatchObject({ apiKey: 'key-v1', tls: true, address: base.address });
  expect(warm.apiKey).toBe('key-v1');
  expect(replaced.apiKey).toBe('key-v2');
  expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
});

test('the API key can live in Secrets Manager instead', async () => {
  secretsManager.on(GetSecretValueCommand, { SecretId: API_KEY_SECRET }).resolves({ SecretString: 'sm-key' });

  const options = await secretsFrom({ apiKeySecretArn: API_KEY_SECRET }).connectionOptions(base, false);

  expect(options).toMatchObject({ apiKey: 'sm-key', tls: true });
  expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
});

test('mTLS material comes from a Secrets Manager JSON secret and keeps the TLS settings already made', async () => {
  // Prepare
  secretsManager.on(GetSecretValueCommand, { SecretId: MTLS_SECRET }).resolves({ SecretString: JSON.stringify({ cert: CERT, key: KEY }) });

  // Act
  const options = await secretsFrom({ mtlsSecretArn: MTLS_SECRET }).connectionOptions({ ...base, tls: { serverNameOverride: 'temporal.internal' } }, false);

  // Assess
  const tls = options.tls as { serverNameOverride: string; clientCertPair: { crt: Uint8Array; key: Uint8Array } };
  expect(tls.serverNameOverride).toBe('temporal.internal');
  expect(Buffer.from(tls.clientCertPair.crt).toString()).toBe(CERT);
  expect(Buffer.from(tls.clientCertPair.key).toString()).toBe(KEY);
});

test.each([
  ['not json', /TEMPORAL_TLS_CLIENT_SECRET_ARN: secret .* is not JSON/],
  [JSON.stringify({ cert: CERT, key: 'MIIBsecretkey' }), /TEMPORAL_TLS_CLIENT_SECRET_ARN: secret .*: key: expected a PEM private key/],
  [JSON.stringify({ cert: CERT }), /TEMPORAL_TLS_CLIENT_SECRET_ARN: secret .*: key: /],
])('an unusable mTLS secret (#%#) names the variable and never shows the value', async (secretString, expected) => {
  secretsManager.on(GetSecretValueCommand).resolves({ SecretString: secretString });

  const read = secretsFrom({ mtlsSecretArn: MTLS_SECRET }).connectionOptions(base, false);

  await expect(read).rejects.toThrow(BridgeSecretError);
  await expect(read).rejects.toThrow(expected);
  await expect(read).rejects.not.toThrow(/MIIBsecretkey/);
});

test('an empty SSM parameter names TEMPORAL_API_KEY_SSM_PARAMETER', async () => {
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '' } });

  await expect(secretsFrom({ apiKeySsmParameter: API_KEY_PARAMETER }).connectionOptions(base, false)).rejects.toThrow(
    /^TEMPORAL_API_KEY_SSM_PARAMETER: SSM parameter \/fleet\/temporal-api-key has no value$/,
  );
});

test('a replaced connection asks for its options with replacing=true, so rotated secrets are read again', async () => {
  // Prepare
  const asked: boolean[] = [];
  const provider = createClientProvider({
    namespace: 'default',
    connectionOptions: (replacing) => {
      asked.push(replacing);
      return { address: '127.0.0.1:1' };
    },
  });

  // Act
  const first = await provider.get();
  await provider.get();
  await provider.reset(first);
  await provider.get();
  await provider.close();

  // Assess
  expect(asked).toEqual([false, true]);
});

describe('bridge configuration', () => {
  test('names the secret sources and reuses values for 300 s by default', () => {
    const config = loadBridgeConfig({ TEMPORAL_API_KEY_SECRET_ARN: API_KEY_SECRET, TEMPORAL_TLS_CLIENT_SECRET_ARN: MTLS_SECRET }, '/var/task');

    expect(config.secrets).toEqual({ apiKeySecretArn: API_KEY_SECRET, mtlsSecretArn: MTLS_SECRET, maxAgeSeconds: 300 });
    expect(createBridgeSecrets(config.secrets).describe()).toEqual({ apiKeyFrom: 'secrets-manager', mtlsFrom: 'secrets-manager' });
  });

  test.each([
    ['TEMPORAL_API_KEY_SSM_PARAMETER and TEMPORAL_API_KEY_SECRET_ARN', { TEMPORAL_API_KEY_SSM_PARAMETER: API_KEY_PARAMETER, TEMPORAL_API_KEY_SECRET_ARN: API_KEY_SECRET }],
    ['TEMPORAL_API_KEY_SECRET_ARN and TEMPORAL_API_KEY', { TEMPORAL_API_KEY_SECRET_ARN: API_KEY_SECRET, TEMPORAL_API_KEY: 'k' }],
    ['TEMPORAL_TLS_CLIENT_SECRET_ARN and TEMPORAL_TLS_CLIENT_CERT_*', { TEMPORAL_TLS_CLIENT_SECRET_ARN: MTLS_SECRET, TEMPORAL_TLS_CLIENT_CERT_DATA: CERT, TEMPORAL_TLS_CLIENT_KEY_DATA: KEY }],
    ['BRIDGE_SECRETS_MAX_AGE_SECONDS', { BRIDGE_SECRETS_MAX_AGE_SECONDS: '-1' }],
  ])('two sources of one credential, or a bad max age, are a one-line error naming %s', (named, env) => {
    const load = () => loadBridgeConfig(env, '/var/task');

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(named);
  });
});

test('a start refused as UNAUTHENTICATED (a rotated key) is retried once on a fresh connection', async () => {
  // Prepare: the first connection holds the old key, the second the new one.
  const keys = ['old-key', 'new-key'];
  const made: string[] = [];
  const resets: string[] = [];
  const clientWith = (apiKey: string) =>
    ({
      connection: { withDeadline: (_deadline: number, call: () => Promise<unknown>) => call() },
      workflow: {
        start: async () => {
          if (apiKey === 'old-key') throw Object.assign(new Error('16 UNAUTHENTICATED: invalid API key'), { code: 16, details: 'invalid API key', metadata: {} });
          return { firstExecutionRunId: 'run-1' };
        },
      },
    }) as unknown as Client;
  let current: { key: string; client: Client } | undefined;
  const provider: ClientProvider = {
    get: async () => {
      if (!current) {
        const key = keys[made.length]!;
        made.push(key);
        current = { key, client: clientWith(key) };
      }
      return current.client;
    },
    reset: async () => {
      resets.push(current!.key);
      current = undefined;
    },
    close: async () => undefined,
  };
  const request: StartRequest = { workflowType: 'pinLatestWorkflow', workflowId: 'pin-latest/x', taskQueue: 'q', args: [], idReusePolicy: 'REJECT_DUPLICATE', memo: {} };

  // Act
  const outcomes = await startAll(provider, [request], { timeoutMs: 1_000 });

  // Assess
  expect(outcomes).toEqual([{ workflowType: 'pinLatestWorkflow', workflowId: 'pin-latest/x', outcome: 'running', runId: 'run-1' }]);
  expect(made).toEqual(['old-key', 'new-key']);
  expect(resets).toEqual(['old-key']);
});
