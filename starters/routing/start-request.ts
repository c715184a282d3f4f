/**
 * What one event asks of Temporal, before anything is sent: the Lambda executes it, the
 * CLI's `route` prints it. Plain JSON, so it can be printed, compared and logged.
 */
export interface StartRequest {
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  args: unknown[];
  /** Present for signal-with-start: delivered to the running workflow, or to a new one. */
  signal?: { name: string; args: unknown[] };
  /**
   * REJECT_DUPLICATE: one run per event, ever (a redelivery after the run closed starts
   * nothing). ALLOW_DUPLICATE: long-lived entity workflows, started again if they ended.
   */
  idReusePolicy: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE';
  /** Shown in the Web UI next to the run: where it came from. */
  memo: Record<string, string>;
  /** Keyword search attributes set at start; each must be registered in the namespace. */
  searchAttributes?: Record<string, string>;
}

export interface Routed {
  eventId: string;
  /** One line for logs and the CLI: which event, which fleet. */
  summary: string;
  fleet?: string;
  starts: StartRequest[];
}

export interface Ignored {
  eventId: string;
  ignored: string;
}

export type RouteResult = Routed | Ignored;

export function isIgnored(result: RouteResult): result is Ignored {
  return 'ignored' in result;
}
