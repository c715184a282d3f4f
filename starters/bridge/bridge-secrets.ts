import type { ConnectionOptions } from '@temporalio/client';
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { z } from 'zod';

/** Where the bridge's Temporal credentials live; the variables that name them are in bridge-config.ts. */
export interface BridgeSecretSources {
  /** TEMPORAL_API_KEY_SSM_PARAMETER: an SSM SecureString holding the API key. */
  apiKeySsmParameter?: string;
  /** TEMPORAL_API_KEY_SECRET_ARN: a Secrets Manager secret whose SecretString is the API key. */
  apiKeySecretArn?: string;
  /** TEMPORAL_TLS_CLIENT_SECRET_ARN: a Secrets Manager secret `{"cert": PEM, "key": PEM}` for mTLS. */
  mtlsSecretArn?: string;
  /** BRIDGE_SECRETS_MAX_AGE_SECONDS: how long a read value is reused by a new connection. */
  maxAgeSeconds: number;
}

/** Injected in tests (aws-sdk-client-mock); built on first use otherwise. */
export interface BridgeSecretClients {
  ssm?: SSMClient;
  secretsManager?: SecretsManagerClient;
}

export interface BridgeSecrets {
  /**
   * Adds the API key and client certificate to `base`. `refresh`: the connection is being
   * replaced after a failed call, perhaps because a secret was rotated, so the cache is skipped.
   */
  connectionOptions(base: ConnectionOptions, refresh: boolean): Promise<ConnectionOptions>;
  /** For the start-up log line: where each credential comes from, never its value. */
  describe(): { apiKeyFrom: string; mtlsFrom: string };
}

const mtlsSecretSchema = z.object({
  cert: z.string().includes('-----BEGIN', { message: 'expected a PEM certificate' }),
  key: z.string().includes('-----BEGIN', { message: 'expected a PEM private key' }),
});

/** A secret that cannot be used; the message names the variable and the secret, never its value. */
export class BridgeSecretError extends Error {
  override name = 'BridgeSecretError';
}

/**
 * Reads the bridge's Temporal credentials through Powertools parameters. The providers live as
 * long as the Lambda container, so a warm invocation reads nothing; the connection built from
 * them is cached too (client-provider.ts), and a new one reads again only after maxAge.
 */
export function createBridgeSecrets(sources: BridgeSecretSources, clients: BridgeSecretClients = {}): BridgeSecrets {
  let ssm: Promise<SSMProvider> | undefined;
  let secrets: Promise<SecretsProvider> | undefined;
  // Loaded on first use: a bridge with its key in the environment never pays for these SDKs.
  const ssmProvider = () =>
    (ssm ??= import('@aws-lambda-powertools/parameters/ssm').then(({ SSMProvider }) =>
      clients.ssm ? new SSMProvider({ awsSdkV3Client: clients.ssm }) : new SSMProvider(),
    ));
  const secretsProvider = () =>
    (secrets ??= import('@aws-lambda-powertools/parameters/secrets').then(({ SecretsProvider }) =>
      clients.secretsManager ? new SecretsProvider({ awsSdkV3Client: clients.secretsManager }) : new SecretsProvider(),
    ));

  const readApiKey = async (refresh: boolean): Promise<string | undefined> => {
    const options = { maxAge: sources.maxAgeSeconds, forceFetch: refresh };
    if (sources.apiKeySsmParameter) {
      const value = await (await ssmProvider()).get(sources.apiKeySsmParameter, { ...options, decrypt: true });
      return required(value, `TEMPORAL_API_KEY_SSM_PARAMETER: SSM parameter ${sources.apiKeySsmParameter} has no value`);
    }
    if (sources.apiKeySecretArn) {
      const value = await (await secretsProvider()).get(sources.apiKeySecretArn, options);
      return required(value, `TEMPORAL_API_KEY_SECRET_ARN: secret ${sources.apiKeySecretArn} has no SecretString`);
    }
    return undefined;
  };

  const readClientCertPair = async (refresh: boolean): Promise<{ crt: Buffer; key: Buffer } | undefined> => {
    if (!sources.mtlsSecretArn) return undefined;
    const raw = await (await secretsProvider()).get(sources.mtlsSecretArn, { maxAge: sources.maxAgeSeconds, forceFetch: refresh });
    const text = required(raw, `TEMPORAL_TLS_CLIENT_SECRET_ARN: secret ${sources.mtlsSecretArn} has no SecretString`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new BridgeSecretError(`TEMPORAL_TLS_CLIENT_SECRET_ARN: secret ${sources.mtlsSecretArn} is not JSON {"cert": PEM, "key": PEM}`);
    }
    const parsed = mtlsSecretSchema.safeParse(json);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(secret)'}: ${issue.message}`);
      throw new BridgeSecretError(`TEMPORAL_TLS_CLIENT_SECRET_ARN: secret ${sources.mtlsSecretArn}: ${fields.join('; ')}`);
    }
    return { crt: Buffer.from(parsed.data.cert), key: Buffer.from(parsed.data.key) };
  };

  return {
    async connectionOptions(base, refresh) {
      const [apiKey, clientCertPair] = await Promise.all([readApiKey(refresh), readClientCertPair(refresh)]);
      const options: ConnectionOptions = { ...base };
      if (apiKey) {
        options.apiKey = apiKey;
        options.tls = base.tls || true;
      }
      if (clientCertPair) options.tls = { ...(typeof base.tls === 'object' ? base.tls : {}), clientCertPair };
      return options;
    },
    describe: () => ({
      apiKeyFrom: sources.apiKeySsmParameter ? 'ssm' : sources.apiKeySecretArn ? 'secrets-manager' : 'environment or profile',
      mtlsFrom: sources.mtlsSecretArn ? 'secrets-manager' : 'environment or profile',
    }),
  };
}

function required(value: string | Uint8Array | undefined, problem: string): string {
  if (value === undefined || value === '') throw new BridgeSecretError(problem);
  return typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
}
