import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { Logger, LogLevelName } from '../common/logger';

const toPowertools: Record<string, 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Installs the SDK runtime once per process: its logs (workflow and activity `log`
 * calls included) go through our JSON logger, and its metrics to Prometheus when asked.
 */
export function installRuntime(logger: Logger, level: LogLevelName, metricsBindAddress?: string): void {
  Runtime.install({
    logger: new DefaultLogger(level, (entry: LogEntry) => {
      const method = toPowertools[entry.level] ?? 'info';
      logger[method](entry.message, { ...entry.meta });
    }),
    telemetryOptions: metricsBindAddress
      ? { metrics: { prometheus: { bindAddress: metricsBindAddress } } }
      : undefined,
  });
}
