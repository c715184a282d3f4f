import type { LocalStack } from '../starters/local-stack';

/**
 * Feeds the simulator's events to the stack's bridge with at most `limit` in flight, as that
 * many concurrent Lambda invocations would (a Lambda container handles one event at a time).
 * Returns how many deliveries failed (the simulator does not redeliver them).
 */
export function limitBridgeConcurrency(stack: LocalStack, limit: number, log: (line: string) => void): { failures: () => number } {
  let inFlight = 0;
  let failures = 0;
  const waiting: Array<() => void> = [];
  stack.simulator.setEventSink({
    sink: async (event) => {
      if (inFlight >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight += 1;
      try {
        await stack.deliver(event);
      } catch (err) {
        failures += 1;
        log(`bridge failed on ${event['detail-type']} ${event.id}: ${(err as Error).message}`);
        throw err;
      } finally {
        inFlight -= 1;
        waiting.shift()?.();
      }
    },
  });
  return { failures: () => failures };
}
