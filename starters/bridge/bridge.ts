import type { SQSBatchResponse } from 'aws-lambda';
import type { Logger } from '../../common/logger';
import type { FleetConfig } from '../fleet-config/fleet-config-schema';
import { parseBody, parseEvent, type ParsedEvent, type SqsOrigin } from '../events/parse-event';
import { sqsBatchEntries, type SqsMessage } from '../events/sqs-batch';
import { lookupEventFacts } from '../routing/event-facts';
import { routeParsed } from '../routing/route';
import { isIgnored, type RouteResult } from '../routing/start-request';
import type { ClientProvider } from '../temporal/client-provider';
import { startAll, type StartOutcome } from '../temporal/start-workflows';
import type { SourceGroupLookup } from './source-group-lookup';
import type { StackNameLookup } from './stack-name-lookup';

export interface BridgeDeps {
  config: FleetConfig;
  clients: ClientProvider;
  logger: Logger;
  /** TEMPORAL_TASK_QUEUE, for fleets and configs that name none. */
  defaultTaskQueue: string;
  /** Needed only when the config has stackName rules. */
  lookupStackName?: StackNameLookup;
  /** Needed only when the config has goldenImage fleets: the group of an image's source instance. */
  lookupSourceGroup?: SourceGroupLookup;
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
  const lookups = { stackName: deps.lookupStackName, sourceGroup: deps.lookupSourceGroup };
  const resolve = async (parsed: ParsedEvent): Promise<RouteResult> => {
    const facts = await lookupEventFacts(parsed, deps.config, lookups);
    return routeParsed(parsed, deps.config, { defaultTaskQueue: deps.defaultTaskQueue, ...facts });
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

  const handleRecord = async (record: SqsMessage): Promise<boolean> => {
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
      const entries = sqsBatchEntries(event);
      if (entries) {
        // Records are independent, so one slow or bad record never holds up or re-drives the rest.
        const failed = await Promise.all(
          entries.map(async (entry) => {
            if ('message' in entry) return (await handleRecord(entry.message)) ? undefined : entry.message.messageId;
            // Without a messageId a record cannot be named in the response; it is logged and dropped.
            deps.logger.error('record malformed; SQS will redeliver it if it has a messageId', { error: entry.error });
            return entry.messageId;
          }),
        );
        return { batchItemFailures: failed.filter((id): id is string => id !== undefined).map((id) => ({ itemIdentifier: id })) };
      }
      try {
        return await handleEvent(event);
      } catch (err) {
        // Thrown on purpose: the asynchronous invocation is retried, then sent to the failure destination.
        const eventId = (err as { eventId?: unknown }).eventId ?? (event as { id?: unknown } | null)?.id;
        // The id of a body that did not parse is not repeated unless it looks like one.
        const loggable = typeof eventId === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(eventId) ? eventId : undefined;
        deps.logger.error('event failed', { eventId: loggable, error: err as Error });
        throw err;
      }
    },
  };
}
