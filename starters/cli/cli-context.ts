import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { loadTemporalConfig, toConnectionOptions, type TemporalConfig } from '../../common/temporal-config';
import type { FleetConfig } from '../fleet-config/fleet-config-schema';
import { fleetConfigPath, loadFleetConfig } from '../fleet-config/load-fleet-config';
import { createClientProvider, type ClientProvider } from '../temporal/client-provider';

/** Where the CLI reads and writes; the process's streams in production, buffers in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<string>;
}

/** An expected failure: printed as one line on stderr, with this exit code (no stack trace). */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * What every command shares, built on first use: a command that never talks to Temporal
 * (route) never needs TEMPORAL_* to be valid, and `status` never reads the fleet config.
 */
export interface CliContext {
  io: CliIo;
  fleetConfig(): FleetConfig;
  temporalConfig(): TemporalConfig;
  client(): Promise<Client>;
  /** The same connection as client(), for code that replaces a stale one (startAll). */
  clients(): ClientProvider;
  /** JSON on stdout: what scripts read. */
  print(value: unknown): void;
  close(): Promise<void>;
}

export function createCliContext(io: CliIo, configOption: () => string | undefined): CliContext {
  let fleet: FleetConfig | undefined;
  let temporal: TemporalConfig | undefined;
  let provider: ClientProvider | undefined;
  const temporalConfig = () => (temporal ??= loadTemporalConfig(io.env));
  const clients = () =>
    (provider ??= createClientProvider({
      namespace: temporalConfig().namespace,
      connectionOptions: () => toConnectionOptions(temporalConfig()),
    }));
  return {
    io,
    fleetConfig: () => (fleet ??= loadFleetConfig(fleetConfigPath(configOption(), io.env))),
    temporalConfig,
    clients,
    client: () => clients().get(),
    print: (value) => io.stdout(`${JSON.stringify(value, null, 2)}\n`),
    close: async () => {
      await provider?.close();
    },
  };
}

/** An event file, or `-` for stdin, parsed as JSON; errors name the file. */
export async function readEventFile(path: string, io: CliIo): Promise<unknown> {
  let text: string;
  try {
    text = path === '-' ? await io.readStdin() : readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read event ${path}: ${(err as Error).message}`, 2);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`event ${path === '-' ? '(stdin)' : path} is not JSON: ${(err as Error).message}`);
  }
}
