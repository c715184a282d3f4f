import { isGrpcDeadlineError, isGrpcServiceError, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { StartRequest } from '../routing/start-request';
import type { ClientProvider } from './client-provider';
import { startSummary } from './start-summary';

/**
 * running: the run for this event is running (started now, or by an earlier delivery:
 * USE_EXISTING joins it). already-closed: a run for this event already finished
 * (REJECT_DUPLICATE): a redelivery, nothing to do. signaled: signal-with-start delivered.
 */
export type StartOutcomeKind = 'running' | 'already-closed' | 'signaled';

export interface StartOutcome {
  workflowType: string;
  workflowId: string;
  outcome: StartOutcomeKind;
  runId?: string;
}

/** Starts (or signals) one request. Idempotent: the ids are deterministic, so retrying is safe. */
export async function executeStart(client: Client, request: StartRequest): Promise<StartOutcome> {
  const { workflowType, workflowId, taskQueue, args, memo } = request;
  const staticSummary = startSummary(workflowType, workflowId, memo);
  const typedSearchAttributes = keywordAttributes(request.searchAttributes);
  try {
    if (request.signal) {
      const handle = await client.workflow.signalWithStart(workflowType, {
        workflowId,
        taskQueue,
        args,
        memo,
        typedSearchAttributes,
        staticSummary,
        signal: request.signal.name,
        signalArgs: request.signal.args,
        workflowIdReusePolicy: request.idReusePolicy,
      });
      return { workflowType, workflowId, outcome: 'signaled', runId: handle.signaledRunId };
    }
    const handle = await client.workflow.start(workflowType, {
      workflowId,
      taskQueue,
      args,
      memo,
      typedSearchAttributes,
      staticSummary,
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: request.idReusePolicy,
    });
    return { workflowType, workflowId, outcome: 'running', runId: handle.firstExecutionRunId };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowType, workflowId, outcome: 'already-closed' };
    throw err;
  }
}

function keywordAttributes(attributes: Record<string, string> | undefined): SearchAttributePair[] | undefined {
  if (!attributes) return undefined;
  return Object.entries(attributes).map(([name, value]) => ({ key: defineSearchAttributeKey(name, SearchAttributeType.KEYWORD), value }));
}

export interface StartAllOptions {
  /** Deadline per attempt; a connection that went stale during a freeze hangs until then. */
  timeoutMs: number;
}

/**
 * Executes every request of one event, in order (the launch gate before the fleet signal).
 * A call that fails as if the connection were dead is retried once on a fresh connection;
 * any other failure, or a second one, propagates so AWS redelivers the event.
 */
export async function startAll(provider: ClientProvider, requests: StartRequest[], options: StartAllOptions): Promise<StartOutcome[]> {
  const outcomes: StartOutcome[] = [];
  for (const request of requests) {
    outcomes.push(await withFreshConnectionRetry(provider, options, (client) => executeStart(client, request)));
  }
  return outcomes;
}

async function withFreshConnectionRetry<T>(provider: ClientProvider, options: StartAllOptions, call: (client: Client) => Promise<T>): Promise<T> {
  const attempt = async (client: Client) =>
    client.connection.withDeadline(Date.now() + options.timeoutMs, () => call(client));
  const client = await provider.get();
  try {
    return await attempt(client);
  } catch (err) {
    if (!looksLikeDeadConnection(err)) throw err;
    await provider.reset(client);
    return attempt(await provider.get());
  }
}

/**
 * gRPC status codes (CANCELLED 1, DEADLINE_EXCEEDED 4, UNAVAILABLE 14) a dead connection
 * produces, and UNAUTHENTICATED 16: a rotated API key or certificate. The fresh connection
 * reads its secrets again (bridge-secrets.ts), so one retry picks up the new credentials.
 */
const deadConnectionCodes = new Set<number>([1, 4, 14, 16]);

export function looksLikeDeadConnection(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (isGrpcServiceError(e) && deadConnectionCodes.has(e.code)) return true;
    if (isGrpcDeadlineError(e)) return true;
  }
  return false;
}
