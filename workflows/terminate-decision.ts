// The planned-or-unexpected rule, as a pure function of the evidence (unit-tested without a server).
import type {
  AutoScalingGroupEvidence,
  CauseVerdict,
  FleetEvidence,
  ScalingActivityEvidence,
  ScalingCause,
  TerminationDecision,
} from '../common/terminate';

export interface DecisionEvidence {
  autoScalingGroupName: string;
  fleet: FleetEvidence;
  autoScalingGroup?: AutoScalingGroupEvidence;
  scalingActivity?: ScalingActivityEvidence;
  errors: string[];
  /** The fleet's verdict per scaling cause; absent for runs started before the policy existed. */
  causePolicy?: Record<ScalingCause, CauseVerdict>;
}

function causeText(activity: ScalingActivityEvidence | undefined): string {
  if (!activity || activity.cause === 'unknown') return 'AWS gave no recognisable cause';
  return `AWS's cause: ${activity.cause}`;
}

/**
 * Planned = a release window is open, or the ASG is being deleted, or Auto Scaling's cause is
 * one the fleet counts as planned (an instance refresh, a scheduled action, a scaling policy),
 * or the ASG is no longer the fleet's current one (the original Lambda's rule). Everything
 * else is unexpected, health-check replacements included: that is when evidence is needed.
 */
export function decideTermination(evidence: DecisionEvidence): TerminationDecision {
  const { autoScalingGroupName: asg, fleet, autoScalingGroup: group, scalingActivity: activity } = evidence;
  const recorded = { fleet, autoScalingGroup: group, scalingActivity: activity, errors: evidence.errors };
  const planned = (reason: TerminationDecision['reason'], explanation: string): TerminationDecision => ({
    kind: 'planned',
    reason,
    explanation,
    evidence: recorded,
  });
  const unexpected = (reason: TerminationDecision['reason'], explanation: string): TerminationDecision => ({
    kind: 'unexpected',
    reason,
    explanation: `${explanation}; ${causeText(activity)}`,
    evidence: recorded,
  });

  if (fleet.releaseWindowOpen) {
    const window = fleet.releaseWindow;
    return planned(
      'release-window-open',
      `a release window is open${window ? ` (opened by ${window.openedBy}, until ${window.expiresAt})` : ''}`,
    );
  }
  if (group && !group.exists) return planned('asg-deleting', `${asg} no longer exists`);
  if (group?.status && /delete/i.test(group.status)) return planned('asg-deleting', `${asg} is being deleted (${group.status})`);
  if (activity?.cause === 'group-deletion') return planned('asg-deleting', `AWS says ${asg} is being deleted`);
  if (activity && evidence.causePolicy?.[activity.cause] === 'planned') {
    return planned('planned-cause', `Auto Scaling's cause is ${activity.cause}, which this fleet counts as planned`);
  }
  if (fleet.status === 'answered' && fleet.currentAutoScalingGroupName && fleet.currentAutoScalingGroupName !== asg) {
    return planned('asg-replaced', `${asg} was replaced by ${fleet.currentAutoScalingGroupName}`);
  }
  if (fleet.status === 'answered' && fleet.currentAutoScalingGroupName === asg) {
    return unexpected('asg-current', `${asg} is still the fleet's current ASG and no release window is open`);
  }
  if (fleet.status === 'unavailable') {
    return unexpected('fleet-unavailable', `the fleet workflow could not be asked (${fleet.error ?? 'no answer'}), so evidence is kept`);
  }
  return unexpected('no-fleet-record', `the fleet has no launch on record, so ${asg} cannot be shown to be replaced`);
}
