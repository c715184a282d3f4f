import type { ActivityInterfaceFor, ActivityOptions } from '@temporalio/workflow';

/** The server refuses a summary over 400 bytes; a shortened one still reads. */
const MAX_SUMMARY_CHARS = 200;

/** A one-line summary per activity, made from the call's own arguments. */
export type ActivitySummaries<A> = {
  [K in keyof A]?: A[K] extends (...args: infer P) => unknown ? (...args: P) => string : never;
};

type Summarize = (...args: unknown[]) => string;
type Activity = ((...args: unknown[]) => Promise<unknown>) & {
  executeWithOptions(options: ActivityOptions, args: unknown[]): Promise<unknown>;
};

export function oneLineSummary(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= MAX_SUMMARY_CHARS ? line : `${line.slice(0, MAX_SUMMARY_CHARS - 1)}…`;
}

/**
 * The same activities, each call carrying a summary the Web UI shows on the run's timeline
 * (e.g. `CreateLaunchTemplateVersion lt-… ami-…`), so a run reads without opening any input.
 * A summary is user metadata, not part of the command, so recorded histories still replay.
 */
export function withSummaries<A>(activities: ActivityInterfaceFor<A>, summaries: ActivitySummaries<A>): ActivityInterfaceFor<A> {
  return new Proxy(activities as object, {
    get(target, name, receiver) {
      const activity = Reflect.get(target, name, receiver) as Activity;
      const summarize = (summaries as Record<PropertyKey, Summarize | undefined>)[name];
      if (!summarize) return activity;
      const call = (...args: unknown[]) => activity.executeWithOptions({ summary: oneLineSummary(summarize(...args)) }, args);
      return Object.assign(call, { executeWithOptions: activity.executeWithOptions });
    },
  }) as ActivityInterfaceFor<A>;
}
