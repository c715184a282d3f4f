import type { FleetConfig } from '../fleet-config/fleet-config-schema';
import { parseBody, parseEvent, type SqsOrigin } from '../events/parse-event';
import { needsStackLookup } from '../routing/match-fleet';
import { routeParsed } from '../routing/route';
import type { RouteResult } from '../routing/start-request';
import { createStackNameLookup, type StackNameLookup } from '../bridge/stack-name-lookup';

export interface CliRouteOptions {
  defaultTaskQueue: string;
  /** --stack-name: the group's stack, given by hand instead of asking AWS. */
  stackName?: string;
}

/** One event's route, or, for an SQS batch, each record's (messageId first). */
export type CliRouteOutput = RouteResult | ({ messageId: string } & (RouteResult | { error: string }))[];

/**
 * The CLI side of routing: the same parse and route() the bridge uses. The only
 * difference is where a stack name comes from when a stackName rule needs it.
 */
export async function routeForCli(event: unknown, config: FleetConfig, options: CliRouteOptions): Promise<CliRouteOutput> {
  const lookup = stackNameSource(options);
  const routeOne = async (raw: unknown, sqs?: SqsOrigin): Promise<RouteResult> => {
    const parsed = parseEvent(raw, sqs);
    const stackName =
      parsed.kind === 'lifecycle-action' && needsStackLookup(config, parsed.action)
        ? await lookup(parsed.action.autoScalingGroupName, parsed.action.region)
        : undefined;
    return routeParsed(parsed, config, { defaultTaskQueue: options.defaultTaskQueue, stackName });
  };
  const records = sqsRecords(event);
  if (!records) return routeOne(event);
  const results: CliRouteOutput = [];
  for (const record of records) {
    try {
      const body = parseBody(record.body, record.messageId);
      results.push({ messageId: record.messageId, ...(await routeOne(body, { messageId: record.messageId, awsRegion: record.awsRegion })) });
    } catch (err) {
      results.push({ messageId: record.messageId, error: (err as Error).message });
    }
  }
  return results;
}

function stackNameSource(options: CliRouteOptions): StackNameLookup {
  if (options.stackName !== undefined) {
    const given = options.stackName;
    return async () => given;
  }
  return createStackNameLookup();
}

function sqsRecords(event: unknown): { messageId: string; body: string; awsRegion: string }[] | undefined {
  const records = (event as { Records?: unknown })?.Records;
  if (!Array.isArray(records) || records.length === 0) return undefined;
  if ((records[0] as { eventSource?: unknown }).eventSource !== 'aws:sqs') return undefined;
  return records as { messageId: string; body: string; awsRegion: string }[];
}
