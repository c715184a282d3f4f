import type { FleetConfig } from '../fleet-config/fleet-config-schema';
import { parseBody, parseEvent, type ParsedEvent, type SqsOrigin } from '../events/parse-event';
import { sqsBatchEntries } from '../events/sqs-batch';
import { lookupEventFacts, type FactLookups } from '../routing/event-facts';
import { routeParsed } from '../routing/route';
import type { RouteResult } from '../routing/start-request';
import { createSourceGroupLookup } from '../bridge/source-group-lookup';
import { createStackNameLookup } from '../bridge/stack-name-lookup';
import { CliError } from './cli-context';

export interface CliRouteOptions {
  defaultTaskQueue: string;
  /** --stack-name: the group's stack, given by hand instead of asking AWS. */
  stackName?: string;
  /** --source-group: the group of a CreateImage call's source instance, given by hand instead of asking EC2. */
  sourceGroup?: string;
  /** --region: the queue's region, for a bare SQS body (SQS records carry their own). */
  region?: string;
}

/** One event's route, or, for an SQS batch, each record's (messageId first). */
export type CliRouteOutput = RouteResult | ({ messageId?: string } & (RouteResult | { error: string }))[];

/**
 * The CLI side of routing: the same parse, lookups and route() the bridge uses, so what it
 * prints is what the Lambda would start. The only difference is that an operator may give
 * the looked-up facts by hand, and must give the region a bare SQS body lacks.
 */
export async function routeForCli(event: unknown, config: FleetConfig, options: CliRouteOptions): Promise<CliRouteOutput> {
  const lookups = factSources(options);
  const routeParsedEvent = async (parsed: ParsedEvent): Promise<RouteResult> => {
    const facts = await lookupEventFacts(parsed, config, lookups);
    return routeParsed(parsed, config, { defaultTaskQueue: options.defaultTaskQueue, ...facts });
  };
  const entries = sqsBatchEntries(event);
  if (!entries) {
    const parsed = parseEvent(event, options.region ? { messageId: 'cli', awsRegion: options.region } : undefined);
    if (parsed.kind === 'lifecycle-action' && parsed.action.region === undefined) {
      // The Lambda takes it from the SQS record; a body alone does not say.
      throw new CliError('the event is a bare SQS body, which carries no region: pass --region with the queue\'s region', 2);
    }
    return routeParsedEvent(parsed);
  }
  const results: CliRouteOutput = [];
  for (const entry of entries) {
    if (!('message' in entry)) {
      results.push({ messageId: entry.messageId, error: entry.error.message });
      continue;
    }
    const { messageId, body, awsRegion } = entry.message;
    try {
      const origin: SqsOrigin = { messageId, awsRegion };
      results.push({ messageId, ...(await routeParsedEvent(parseEvent(parseBody(body, messageId), origin))) });
    } catch (err) {
      results.push({ messageId, error: (err as Error).message });
    }
  }
  return results;
}

function factSources(options: CliRouteOptions): FactLookups {
  const { stackName, sourceGroup } = options;
  return {
    stackName: stackName !== undefined ? async () => stackName : createStackNameLookup(),
    sourceGroup: sourceGroup !== undefined ? async () => sourceGroup : createSourceGroupLookup(),
  };
}
