import { proxyActivities } from '@temporalio/workflow';
import type { GoldenImageActivities } from '../activities/golden-image';

// Each call is one short AWS conversation; transient errors (throttling, 5xx) back off up to a
// few minutes, anything that can never work comes back non-retryable at once.
export const goldenImageActivities = proxyActivities<GoldenImageActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});
