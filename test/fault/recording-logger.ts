import type { Logger } from '../../common/logger';

export interface LoggedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  /** Extra keys and error messages, flattened to text, so a test can look for words in them. */
  detail: string;
}

function describe(extra: unknown[]): string {
  return extra
    .map((x) => (x instanceof Error ? x.message : JSON.stringify(x, (_k, v: unknown) => (v instanceof Error ? v.message : v))))
    .join(' ');
}

/** Stands in for the Powertools logger where a test needs what the bridge logged (its children share the lines). */
export function recordingLogger(lines: LoggedLine[] = []): { logger: Logger; lines: LoggedLine[] } {
  const make = (): Logger => {
    const at =
      (level: LoggedLine['level']) =>
      (message: string, ...extra: unknown[]) => {
        lines.push({ level, message, detail: describe(extra) });
      };
    const logger = {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      appendKeys: () => undefined,
      createChild: () => make(),
    };
    return logger as unknown as Logger;
  };
  return { logger: make(), lines };
}
