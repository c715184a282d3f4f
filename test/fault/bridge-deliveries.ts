// The simulator's events reach the bridge as AWS would bring them: every other event as an
// EventBridge target invocation, the rest as one-message SQS batches, at most `limit` at a time
// (Lambda's concurrency). A delivery the bridge reports as failed (it threw, or it named the
// message in batchItemFailures) is redelivered later, as EventBridge's retry policy and SQS's
// visibility timeout would; one it answered without a failure is never delivered again.
import type { SQSBatchResponse } from 'aws-lambda';
import type { EventBridgeEvent } from '../../simulator';
import type { LocalStack } from '../../starters/local-stack';

export interface DeliveryCounts {
  events: number;
  attempts: number;
  /** Invocations as an EventBridge target that the bridge failed by throwing. */
  eventBridgeErrors: number;
  /** SQS messages the bridge named in batchItemFailures. */
  sqsBatchItemFailures: number;
  /** Events that needed more than one delivery, and were delivered in the end. */
  redelivered: number;
  /** Events not yet delivered successfully. */
  undelivered: number;
}

export interface BridgeDeliveries {
  counts(): DeliveryCounts;
  /** Stops redelivering; deliveries in flight are awaited. */
  stop(): Promise<void>;
}

interface Tracked {
  event: EventBridgeEvent;
  viaSqs: boolean;
  attempts: number;
  delivered: boolean;
}

function asSqsBatch(event: EventBridgeEvent, attempt: number) {
  return {
    Records: [
      {
        messageId: `${event.id}-${attempt}`,
        receiptHandle: `handle-${event.id}-${attempt}`,
        body: JSON.stringify(event),
        attributes: { ApproximateReceiveCount: String(attempt) },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:fleet-events',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

export function deliverThroughBridge(stack: LocalStack, options: { limit: number; redeliverAfterMs: number }): BridgeDeliveries {
  const tracked: Tracked[] = [];
  const waiting: Array<() => void> = [];
  const inFlight = new Set<Promise<void>>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let active = 0;
  let eventBridgeErrors = 0;
  let sqsBatchItemFailures = 0;
  let stopped = false;

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const redeliverLater = (t: Tracked) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      track(deliverOnce(t));
    }, options.redeliverAfterMs);
    retryTimers.add(timer);
  };
  const deliverOnce = async (t: Tracked): Promise<void> => {
    if (active >= options.limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    t.attempts += 1;
    try {
      if (t.viaSqs) {
        const response = (await stack.deliver(asSqsBatch(t.event, t.attempts))) as SQSBatchResponse;
        if (response.batchItemFailures.length > 0) sqsBatchItemFailures += 1;
        else t.delivered = true;
      } else {
        await stack.deliver(t.event);
        t.delivered = true;
      }
    } catch {
      // Only an EventBridge target fails by throwing; an SQS batch never should, so that counts too.
      eventBridgeErrors += 1;
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
    if (!t.delivered) redeliverLater(t);
  };

  stack.simulator.setEventSink({
    sink: (event) => {
      const t: Tracked = { event, viaSqs: tracked.length % 2 === 1, attempts: 0, delivered: false };
      tracked.push(t);
      track(deliverOnce(t));
    },
  });

  return {
    counts: () => ({
      events: tracked.length,
      attempts: tracked.reduce((n, t) => n + t.attempts, 0),
      eventBridgeErrors,
      sqsBatchItemFailures,
      redelivered: tracked.filter((t) => t.delivered && t.attempts > 1).length,
      undelivered: tracked.filter((t) => !t.delivered).length,
    }),
    async stop() {
      stopped = true;
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      await Promise.all([...inFlight]);
    },
  };
}
