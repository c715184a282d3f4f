import { Logger } from '@aws-lambda-powertools/logger';

export type LogLevelName = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/**
 * One structured JSON logger per program (worker, bridge, CLI). Powertools' logger is
 * used everywhere so the worker's and the Lambda's lines share one shape.
 */
export function createLogger(serviceName: string, logLevel: LogLevelName = 'INFO'): Logger {
  return new Logger({ serviceName, logLevel });
}

export type { Logger };
