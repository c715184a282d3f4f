import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/**
 * Turns an activity's non-retryable failure into the workflow's own failure, with the
 * activity's message on top, so the Web UI shows "SSM parameter … does not exist" rather than
 * "Activity task failed". Anything else is rethrown unchanged.
 */
export function asWorkflowFailure(err: unknown, step: string): unknown {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
    return ApplicationFailure.create({
      message: err.cause.message.startsWith(step) ? err.cause.message : `${step}: ${err.cause.message}`,
      type: err.cause.type ?? undefined,
      nonRetryable: true,
      cause: err,
    });
  }
  return err;
}

export function invalidInput(field: string, problem: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`invalid input: ${field} ${problem}`, 'InvalidInput');
}
