/**
 * Simulated time. Every delay in the simulator (hook heartbeat timeouts, AMI creation,
 * ECS task starts…) is stated in simulated milliseconds and scheduled through a clock, so
 * tests and the demo can run an hour of fleet life in seconds, or step it by hand.
 */
export interface SimClock {
  now(): Date;
  /** Runs `fn` once `ms` of simulated time have passed; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
  /** Cancels every pending timer (on stop). */
  cancelAll(): void;
}

/** Real timers, sped up: `speed` simulated seconds pass per real second. */
export class ScaledClock implements SimClock {
  private readonly startedReal = Date.now();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly speed = 1) {
    if (!(speed > 0)) throw new Error(`clock speed must be > 0, got ${speed}`);
  }

  now(): Date {
    return new Date(this.startedReal + (Date.now() - this.startedReal) * this.speed);
  }

  after(ms: number, fn: () => void): () => void {
    const due = this.now().getTime() + Math.max(0, ms);
    let timer: NodeJS.Timeout;
    const arm = (realMs: number) => {
      timer = setTimeout(() => {
        this.timers.delete(timer);
        // Node may wake a timer a millisecond early: never let simulated time run backwards for it.
        const left = due - this.now().getTime();
        if (left > 0) arm(Math.max(1, left / this.speed));
        else fn();
      }, realMs);
      this.timers.add(timer);
    };
    arm(Math.max(0, ms / this.speed));
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

interface ManualTimer {
  due: number;
  seq: number;
  fn: () => void;
}

/** Time moves only when `advance` is called: deterministic state-machine tests. */
export class ManualClock implements SimClock {
  private current: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(start = Date.parse('2026-01-05T09:00:00Z')) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { due: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward, firing due timers in order (timers they set fire too when due). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers
        .filter((t) => t.due <= target)
        .sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.due);
      next.fn();
    }
    this.current = target;
  }

  cancelAll(): void {
    this.timers = [];
  }
}
