import { ActivityFailure, ApplicationFailure, isCancellation } from '@temporalio/workflow';

/** The message an operator needs: an activity's own failure, not Temporal's wrapper around it. */
export function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  if (err instanceof Error && err.cause instanceof Error) return err.cause.message;
  if (err instanceof ApplicationFailure || err instanceof Error) return err.message;
  return String(err);
}

/** A failure no retry can fix (the activity threw a non-retryable ApplicationFailure). */
export function isPermanent(err: unknown): boolean {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.nonRetryable === true;
}

/**
 * For a step that reports its own failures instead of throwing: a cancellation is not a
 * failure to report but the run being stopped, so it goes on up to the workflow.
 */
export function rethrowCancellation(err: unknown): void {
  if (isCancellation(err)) throw err;
}
