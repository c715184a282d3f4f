import { assertLoopbackUrl } from '../loopback';
import type { EventBridgeEvent } from './eventbridge';

/** Where emitted events go: a callback (the bridge handler in-process) and/or an HTTP POST to a loopback URL. */
export interface EventSinkOptions {
  sink?: (event: EventBridgeEvent) => void | Promise<void>;
  url?: string;
}

export interface EmittedEvent {
  event: EventBridgeEvent;
  delivery: 'pending' | 'delivered' | 'no-sink' | 'failed';
  error?: string;
}

/** Keeps every event for inspection and delivers each once, never letting a sink failure reach the fleet model. */
export class EventBus {
  readonly emitted: EmittedEvent[] = [];
  private sink?: EventSinkOptions['sink'];
  private url?: string;

  constructor(
    options: EventSinkOptions,
    private readonly track: (work: Promise<unknown>) => void,
  ) {
    this.configure(options);
  }

  configure(options: EventSinkOptions): void {
    if (options.url) assertLoopbackUrl(options.url, 'event sink url');
    this.sink = options.sink;
    this.url = options.url;
  }

  emit(event: EventBridgeEvent): void {
    const record: EmittedEvent = { event, delivery: this.sink || this.url ? 'pending' : 'no-sink' };
    this.emitted.push(record);
    if (record.delivery === 'no-sink') return;
    this.track(
      this.deliver(event).then(
        () => {
          record.delivery = 'delivered';
        },
        (err: unknown) => {
          record.delivery = 'failed';
          record.error = err instanceof Error ? err.message : String(err);
        },
      ),
    );
  }

  private async deliver(event: EventBridgeEvent): Promise<void> {
    // A microtask later, as EventBridge delivers after the API call has answered.
    await Promise.resolve();
    if (this.sink) await this.sink(event);
    if (this.url) {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`event sink answered HTTP ${response.status}`);
    }
  }
}
