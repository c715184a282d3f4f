import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../../common/logger';
import type { FleetConfig } from '../fleet-config/fleet-config-schema';
import { parseBody, parseEvent, type ParsedEvent, type SqsOrigin } from '../events/parse-event';
import { needsStackLookup } from '../routing/match-fleet';
import { routeParsed } from '../routing/route';
import { isIgnored, type RouteResult } from '../routing/start-request';
import type { ClientProvider } from '../temporal/client-provider';
import { startAll, type StartOutcome } from '../temporal/start-workflows';
import type { StackNameLookup } from './stack-name-lookup';

export interface BridgeDeps {
  config: FleetConfig;
  clients: ClientProvider;
  logger: Logger;
  /** TEMPORAL_TASK_QUEUE, for fleets and configs that name none. */
  defaultTaskQueue: string;
  /** Needed only when the config has stackName rules. */
  lookupStackName?: StackNameLookup;
  /** Per start attempt. */
  startTimeoutMs: number;
}

export interface EventOutcome {
  eventId: string;
  ignored?: string;
  started?: StartOutcome[];
}

export interface Bridge {
  /** The Lambda handler's body: an SQS batch gets a batch response, anything else is one event. */
  handle(event: unknown): Promise<SQSBatchResponse | EventOutcome>;
  handleEvent(event: unknown, sqs?: SqsOrigin, logger?: Logger): Promise<EventOutcome>;
}

export function createBridge(deps: BridgeDeps): Bridge {
  const resolve = async (parsed: ParsedEvent): Promise<RouteResult> => {
    let stackName: string | null | undefined;
    if (parsed.kind === 'lifecycle-action' && needsStackLookup(deps.config, parsed.action)) {
      if (!deps.lookupStackName) throw new Error('the fleet configuration has stackName rules but the bridge has no Auto Scaling client');
      stackName = await deps.lookupStackName(parsed.action.autoScalingGroupName, parsed.action.region);
    }
    return routeParsed(parsed, deps.config, { defaultTaskQueue: deps.defaultTaskQueue, stackName });
  };

  const handleEvent = async (event: unknown, sqs?: SqsOrigin, parentLogger = deps.logger): Promise<EventOutcome> => {
    const logger = parentLogger.createChild();
    const parsed = parseEvent(event, sqs);
    logger.appendKeys({ eventId: parsed.eventId });
    const result = await resolve(parsed);
    if (isIgnored(result)) {
      logger.info('event ignored', { reason: result.ignored });
      return { eventId: result.eventId, ignored: result.ignored };
    }
    const started = await startAll(deps.clients, result.starts, { timeoutMs: deps.startTimeoutMs });
    for (const outcome of started) {
      logger.appendKeys({ workflowId: outcome.workflowId });
      logger.info('workflow start requested', { summary: result.summary, workflowType: outcome.workflowType, outcome: outcome.outcome, runId: outcome.runId });
    }
    return { eventId: result.eventId, started };
  };

  const handleRecord = async (record: SQSRecord): Promise<boolean> => {
    const logger = deps.logger.createChild();
    logger.appendKeys({ messageId: record.messageId });
    try {
      const body = parseBody(record.body, record.messageId);
      await handleEvent(body, { messageId: record.messageId, awsRegion: record.awsRegion }, logger);
      return true;
    } catch (err) {
      logger.error('record failed; SQS will redeliver it', err as Error);
      return false;
    }
  };

  return {
    handleEvent,
    async handle(event) {
      if (isSqsEvent(event)) {
        // Records are independent, so one slow or bad record never holds up or re-drives the rest.
        const results = await Promise.all(event.Records.map(handleRecord));
        return {
          batchItemFailures: event.Records.filter((_, i) => !results[i]).map((r) => ({ itemIdentifier: r.messageId })),
        };
      }
      try {
        return await handleEvent(event);
      } catch (err) {
        // Thrown on purpose: the asynchronous invocation is retried, then sent to the failure destination.
        const eventId = (err as { eventId?: unknown }).eventId ?? (event as { id?: unknown } | null)?.id;
        deps.logger.error('event failed', { eventId: typeof eventId === 'string' ? eventId : undefined, error: err as Error });
        throw err;
      }
    },
  };
}

function isSqsEvent(event: unknown): event is SQSEvent {
  const records = (event as { Records?: unknown })?.Records;
  return Array.isArray(records) && records.length > 0 && (records[0] as { eventSource?: unknown })?.eventSource === 'aws:sqs';
}
