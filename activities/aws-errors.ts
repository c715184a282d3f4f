import { ApplicationFailure } from '@temporalio/common';

/**
 * AWS error names that no retry can fix: the request itself is wrong or not allowed.
 * Everything else (throttling, 5xx, network) is rethrown for Temporal to retry with backoff.
 */
const NEVER_SUCCEEDS_ON_RETRY = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthFailure',
  'InvalidClientTokenId',
  // Auto Scaling's name for a malformed request (a token of the wrong length, a bad name);
  // its "no active lifecycle action" answer is sorted out before this is consulted.
  'ValidationError',
  'InvalidParameter',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'InvalidParameterException',
  'MissingParameter',
  'InvalidInstanceID.Malformed',
  'InvalidAMIID.Malformed',
  'InvalidLaunchTemplateId.Malformed',
  'ClusterNotFoundException',
  'ServiceNotFoundException',
  'ParameterNotFound',
  'InvalidTopicArn',
  'NotFound',
]);

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'SlowDown',
]);

export function awsErrorName(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'name' in err && typeof err.name === 'string') return err.name;
  return undefined;
}

export function awsErrorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function isThrottling(err: unknown): boolean {
  return THROTTLING.has(awsErrorName(err) ?? '');
}

/** Auto Scaling answers this way when the lifecycle action was completed, abandoned or expired. */
export function isLifecycleActionGone(err: unknown): boolean {
  return (
    awsErrorName(err) === 'ValidationError' &&
    /no active lifecycle action|lifecycle action .*not found|unable to (complete|record heartbeat for) lifecycle action/i.test(
      awsErrorMessage(err),
    )
  );
}

/**
 * Rethrows an AWS error classified for Temporal: a non-retryable ApplicationFailure
 * (type = the AWS error name, message naming the operation) when retrying cannot help,
 * the original error otherwise.
 */
export function rethrowClassified(err: unknown, operation: string, extraNonRetryable: string[] = []): never {
  const name = awsErrorName(err);
  if (name && (NEVER_SUCCEEDS_ON_RETRY.has(name) || extraNonRetryable.includes(name))) {
    throw ApplicationFailure.nonRetryable(`${operation} failed: ${name}: ${awsErrorMessage(err)}`, name);
  }
  throw err;
}
