import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ConnectionOptions } from '@temporalio/client';
import { loadClientConfigProfile, type ClientConfigProfile, type ConfigDataSource } from '@temporalio/envconfig';
import { DEFAULT_TASK_QUEUE } from './task-queue';
import { booleanFromEnv, ConfigError, hostPort, parseEnv } from './env-config';

const GRPC_META_PREFIX = 'TEMPORAL_GRPC_META_';
/** Where envconfig looks for the default temporal.toml when TEMPORAL_CONFIG_FILE is unset. */
const CONFIG_DIR_VARIABLES = ['HOME', 'XDG_CONFIG_HOME', 'APPDATA'] as const;

/**
 * The standard TEMPORAL_* variables, read by `@temporalio/envconfig` exactly as the `temporal`
 * CLI reads them (a TOML profile, then these variables over it), so operators' tools and our
 * programs reach the same cluster. zod checks their form first, so a bad value stops start-up
 * with one line naming it; envconfig alone would take `TEMPORAL_TLS=yes` for false.
 */
export const temporalEnvSchema = z.object({
  TEMPORAL_CONFIG_FILE: z
    .string()
    .refine((path) => existsSync(path), { message: 'no such file (a TOML file of [profile.NAME] tables)' })
    .optional(),
  TEMPORAL_PROFILE: z.string().min(1).optional(),
  TEMPORAL_ADDRESS: hostPort.optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).optional(),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: booleanFromEnv.optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_CERT_DATA: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_KEY_DATA: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
});

const FILE_OR_DATA = [
  ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA'],
  ['TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_KEY_DATA'],
  ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_DATA'],
] as const;

export interface TemporalTls {
  serverName?: string;
  clientCert?: ConfigDataSource;
  clientKey?: ConfigDataSource;
  serverCaCert?: ConfigDataSource;
}

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** The TOML profile read (TEMPORAL_PROFILE, default `default`), when a config file was found. */
  profile?: string;
  /** TEMPORAL_CONFIG_FILE; undefined: envconfig's default location (~/.config/temporalio/temporal.toml). */
  configFile?: string;
  /** Kept out of logs: see describeTemporalConfig. */
  apiKey?: string;
  /** undefined: plaintext (a local dev server). */
  tls?: TemporalTls;
  /** gRPC headers on every call (profile `grpc_meta`, TEMPORAL_GRPC_META_*); values never logged. */
  grpcMeta?: Record<string, string>;
}

export function loadTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const parsed = parseEnv(temporalEnvSchema, env);
  for (const [path, data] of FILE_OR_DATA) {
    if (parsed[path] && parsed[data]) throw new ConfigError(`invalid configuration: ${path} and ${data}: set one, not both`);
  }
  const profile = readProfile(parsed, env);
  const address = profile.address ?? 'localhost:7233';
  if (!hostPort.safeParse(address).success) {
    throw new ConfigError(`invalid configuration: address of profile '${parsed.TEMPORAL_PROFILE ?? 'default'}' in the config file: expected host:port, e.g. 127.0.0.1:7233`);
  }
  const tls = toTls(profile);
  if (tls && Boolean(tls.clientCert) !== Boolean(tls.clientKey)) {
    throw new ConfigError(
      'invalid configuration: TEMPORAL_TLS_CLIENT_CERT_PATH (or _DATA) and TEMPORAL_TLS_CLIENT_KEY_PATH (or _DATA) must be set together (mTLS)',
    );
  }
  return {
    address,
    namespace: profile.namespace ?? 'default',
    taskQueue: parsed.TEMPORAL_TASK_QUEUE,
    profile: parsed.TEMPORAL_PROFILE,
    configFile: parsed.TEMPORAL_CONFIG_FILE,
    apiKey: profile.apiKey,
    tls,
    grpcMeta: profile.grpcMeta && Object.keys(profile.grpcMeta).length > 0 ? profile.grpcMeta : undefined,
  };
}

/** The profile from the TOML file (if any) with the variables applied over it, as the CLI does. */
function readProfile(parsed: z.infer<typeof temporalEnvSchema>, env: NodeJS.ProcessEnv): ClientConfigProfile {
  const overrideEnvVars: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === undefined || key === 'TEMPORAL_TASK_QUEUE') continue;
    overrideEnvVars[key] = typeof value === 'boolean' ? String(value) : value;
  }
  for (const [key, value] of Object.entries(env)) {
    // An empty TEMPORAL_GRPC_META_X removes a header the profile sets, so it is passed on as is.
    if (key.startsWith(GRPC_META_PREFIX) && value !== undefined) overrideEnvVars[key] = value;
  }
  for (const key of CONFIG_DIR_VARIABLES) {
    const value = env[key];
    if (value) overrideEnvVars[key] = value;
  }
  // envconfig fails on a file without a [profile.*] table (an empty one, /dev/null); such a file
  // holds no settings, so it is read as none.
  const disableFile = parsed.TEMPORAL_CONFIG_FILE !== undefined && !/^\s*\[profile\./m.test(readFileSync(parsed.TEMPORAL_CONFIG_FILE, 'utf8'));
  if (disableFile && parsed.TEMPORAL_PROFILE) {
    throw new ConfigError(`invalid configuration: TEMPORAL_PROFILE: Profile '${parsed.TEMPORAL_PROFILE}' not found in ${parsed.TEMPORAL_CONFIG_FILE} (it has no [profile.NAME] table)`);
  }
  try {
    return loadClientConfigProfile({ overrideEnvVars, disableFile });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0] ?? '';
    const variable = /^Profile '/.test(message) ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE';
    throw new ConfigError(`invalid configuration: ${variable}: ${message} (${parsed.TEMPORAL_CONFIG_FILE ?? 'the default temporal.toml'})`);
  }
}

function toTls(profile: ClientConfigProfile): TemporalTls | undefined {
  const { tls } = profile;
  // As envconfig decides: any TLS setting, or an API key, turns TLS on unless it is disabled.
  if (tls?.disabled === true) return undefined;
  if (!tls && !profile.apiKey) return undefined;
  return {
    serverName: tls?.serverName,
    clientCert: tls?.clientCert,
    clientKey: tls?.clientKey,
    serverCaCert: tls?.serverCACert,
  };
}

/** Connection options shared by NativeConnection (worker) and Connection (client, bridge). */
export function toConnectionOptions(config: TemporalConfig): ConnectionOptions {
  const tls = config.tls && {
    serverNameOverride: config.tls.serverName,
    serverRootCACertificate: readSource(config.tls.serverCaCert, 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'),
    clientCertPair:
      config.tls.clientCert && config.tls.clientKey
        ? {
            crt: readSource(config.tls.clientCert, 'TEMPORAL_TLS_CLIENT_CERT_PATH') as Buffer,
            key: readSource(config.tls.clientKey, 'TEMPORAL_TLS_CLIENT_KEY_PATH') as Buffer,
          }
        : undefined,
  };
  return { address: config.address, tls: tls ?? false, apiKey: config.apiKey, metadata: config.grpcMeta };
}

/** What may be logged about the connection: never the API key, key material or header values. */
export function describeTemporalConfig(config: TemporalConfig): Record<string, unknown> {
  return {
    address: config.address,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    profile: config.profile ?? 'default',
    configFile: config.configFile ?? 'default location',
    tls: Boolean(config.tls),
    mtls: Boolean(config.tls?.clientCert),
    apiKey: config.apiKey ? 'set' : 'unset',
    grpcMetaKeys: Object.keys(config.grpcMeta ?? {}),
  };
}

function readSource(source: ConfigDataSource | undefined, variable: string): Buffer | undefined {
  if (!source) return undefined;
  if ('data' in source) return Buffer.from(source.data);
  try {
    return readFileSync(source.path);
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${variable}: cannot read ${source.path} (${(err as Error).message})`);
  }
}
