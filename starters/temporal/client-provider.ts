import { Client, Connection, type ConnectionOptions } from '@temporalio/client';

/**
 * Keepalive tuned for Lambda: a container can be frozen for minutes, and the NAT or load
 * balancer in front of Temporal may drop the idle TCP connection meanwhile. Pings every
 * 10 s (also without calls) with a 5 s timeout notice a dead connection soon after a thaw.
 */
export const LAMBDA_KEEPALIVE: NonNullable<ConnectionOptions['channelArgs']> = {
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
};

/** How long a replaced connection stays open for the calls still using it. */
const STALE_CONNECTION_GRACE_MS = 60_000;

/** One Temporal client per process (Lambda container, CLI run), replaced when it goes stale. */
export interface ClientProvider {
  get(): Promise<Client>;
  /**
   * Drops the cached connection after a call on `stale` failed as if it were dead; the next
   * get() makes a new one. A client already replaced (by a concurrent failure) is left alone.
   */
  reset(stale: Client): Promise<void>;
  close(): Promise<void>;
}

export interface ClientProviderOptions {
  /**
   * Resolved lazily: secrets (an API key in SSM) are read on first use, not at import.
   * `replacing`: a connection failed and this one replaces it, so cached secrets may be stale.
   */
  connectionOptions: (replacing: boolean) => Promise<ConnectionOptions> | ConnectionOptions;
  namespace: string;
}

export function createClientProvider(options: ClientProviderOptions): ClientProvider {
  let current: Promise<{ connection: Connection; client: Client }> | undefined;
  let replacing = false;

  const create = async () => {
    const resolved = await options.connectionOptions(replacing);
    // Connection.lazy: no network until the first call, so a cold start pays nothing for
    // events that start no workflow (test notifications, ignored groups).
    const connection = Connection.lazy({
      ...resolved,
      channelArgs: { ...LAMBDA_KEEPALIVE, ...resolved.channelArgs },
    });
    return { connection, client: new Client({ connection, namespace: options.namespace }) };
  };

  const closeQuietly = async (connection: Connection) => {
    try {
      await connection.close();
    } catch {
      // Closing a broken connection may fail; it is being replaced either way.
    }
  };

  return {
    async get() {
      if (!current) {
        current = create();
        // A failed creation (unreadable secret) must not be cached: the next event retries it.
        current.catch(() => {
          current = undefined;
        });
      }
      return (await current).client;
    },
    async reset(stale) {
      const previous = current;
      if (!previous) return;
      const { client, connection } = await previous;
      if (client !== stale || current !== previous) return;
      current = undefined;
      replacing = true;
      // Other starts of the same SQS batch may still be in flight on it: shutting the channel
      // under them throws from inside gRPC. Let them finish or time out first.
      setTimeout(() => void closeQuietly(connection), STALE_CONNECTION_GRACE_MS).unref();
    },
    async close() {
      const previous = current;
      current = undefined;
      if (previous) await closeQuietly((await previous).connection);
    },
  };
}
