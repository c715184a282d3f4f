import { log, upsertMemo } from '@temporalio/workflow';
import { DEFAULT_RUN_MODE, OBSERVE_MEMO_KEY, type RunMode, type WouldHave } from '../common/observe';
import { countWouldHave } from './metrics';

/**
 * A run's writes in observe mode: `write` runs the activity when the run acts, and when it
 * observes records what it would have sent instead (result, memo, metric, log) and runs
 * nothing, so no write call reaches AWS. The decision path before it runs the same in both.
 */
export class ObservedWrites {
  readonly mode: RunMode;
  readonly wouldHave: WouldHave[] = [];

  /** Call once at the start of a run: an observing run says so in its memo before it records anything. */
  constructor(mode: RunMode | undefined) {
    this.mode = mode ?? DEFAULT_RUN_MODE;
    if (this.observing) upsertMemo({ mode: this.mode, [OBSERVE_MEMO_KEY]: { mode: 'observe', wouldHave: [] } });
  }

  get observing(): boolean {
    return this.mode === 'observe';
  }

  /** Runs `send` (the write) when acting; records the write and returns `observed` when observing. */
  async write<T>(would: Omit<WouldHave, 'at'>, send: () => Promise<T>, observed: T): Promise<T> {
    if (!this.observing) return send();
    this.record(would);
    return observed;
  }

  /** Records a write without running anything: for callers that branch themselves. */
  record(would: Omit<WouldHave, 'at'>): void {
    const entry = { at: new Date().toISOString(), ...would };
    this.wouldHave.push(entry);
    upsertMemo({ [OBSERVE_MEMO_KEY]: { mode: 'observe', wouldHave: this.wouldHave } });
    countWouldHave(would.call);
    log.info('observe mode: write not sent', { ...entry });
  }

  /** The `mode` and `observed` fields of the run's result: empty when acting, so act results are unchanged. */
  resultFields(): { mode?: RunMode; observed?: WouldHave[] } {
    return this.observing ? { mode: this.mode, observed: this.wouldHave } : {};
  }
}
