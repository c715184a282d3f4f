import type { ScalingCause } from '../../common/terminate';

// Phrases from Auto Scaling's own Cause text, most specific first: a health-check
// replacement also says "taken out of service", a policy scale-in also says "capacity".
const PATTERNS: [ScalingCause, RegExp][] = [
  ['health-check', /health[- ]check|unhealthy|health status/i],
  ['instance-refresh', /instance refresh/i],
  ['max-instance-lifetime', /max(imum)? instance lifetime/i],
  ['capacity-rebalance', /rebalance recommendation|capacity rebalanc|spot .*interrupt/i],
  ['az-rebalance', /rebalanc\w* .*availability zones?|availability zone rebalanc/i],
  ['group-deletion', /delet\w* (of )?(the )?auto ?scaling ?group|auto ?scaling ?group .*delet/i],
  ['scheduled-action', /scheduled action/i],
  ['scale-in', /alarm .* triggered policy|triggered policy|target tracking|predictive scaling/i],
  ['user-request', /user request/i],
];

/** Classifies a scaling activity's Cause text (DescribeScalingActivities) into a reason people act on. */
export function classifyScalingCause(text: string | undefined): ScalingCause {
  if (!text) return 'unknown';
  for (const [cause, pattern] of PATTERNS) if (pattern.test(text)) return cause;
  return /desired (and|capacity)|difference between desired and actual/i.test(text) ? 'scale-in' : 'unknown';
}
