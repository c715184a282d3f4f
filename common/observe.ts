/**
 * Observe mode (issue 18): a run decides everything against the real account but sends no
 * write; it records each write it would have made instead, so a team can compare it with
 * what the system it replaces did before switching over. Per fleet, per kind of workflow,
 * per ECS plan; a run keeps the mode it started with.
 */
export const RUN_MODES = ['act', 'observe'] as const;
export type RunMode = (typeof RUN_MODES)[number];
export const DEFAULT_RUN_MODE: RunMode = 'act';

export function isRunMode(value: unknown): value is RunMode {
  return (RUN_MODES as readonly unknown[]).includes(value);
}

/** One write an observing run would have made, at the moment it would have made it. */
export interface WouldHave {
  /** Workflow time of the decision, ISO 8601. */
  at: string;
  /** The call it would have sent, e.g. CompleteLifecycleAction, CreateImage, SendCommand, UpdateService. */
  call: string;
  /** What it would have acted on: an instance id, a launch template id, cluster/service, a group name. */
  target: string;
  /** The decision in a few words, e.g. "CONTINUE", "desiredCount 0 → 2", "ami-0abc as default version". */
  detail: string;
}

/**
 * The memo key every observing run keeps up to date, so `fleet-workflows observe report` can
 * read what a run would have done while it is still open, without its result.
 */
export const OBSERVE_MEMO_KEY = 'observe';

export interface ObserveMemo {
  mode: 'observe';
  wouldHave: WouldHave[];
}

/** Part of every workflow's result: `observed` is present only for a run in observe mode. */
export interface ObservedResult {
  mode?: RunMode;
  observed?: WouldHave[];
}

export function isObserveMemo(value: unknown): value is ObserveMemo {
  return typeof value === 'object' && value !== null && (value as ObserveMemo).mode === 'observe' && Array.isArray((value as ObserveMemo).wouldHave);
}
