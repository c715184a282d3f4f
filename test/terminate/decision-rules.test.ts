import { classifyScalingCause } from '../../activities/forensics/scaling-cause';
import type { FleetEvidence, ScalingCause } from '../../common/terminate';
import { applyLaunch, applyOpen, initialFleetState, isReleaseWindowOpen, MAX_RELEASE_WINDOW_TTL_MINUTES } from '../../workflows/fleet-state';
import { decideTermination } from '../../workflows/terminate-decision';
import { actionProblems, settingsProblems } from '../../workflows/terminate-validate';

const answered = (current?: string, releaseWindowOpen = false): FleetEvidence => ({ status: 'answered', currentAutoScalingGroupName: current, releaseWindowOpen });

describe('decideTermination', () => {
  test.each([
    ['window open beats everything', answered('web-2', true), { exists: true }, 'planned', 'release-window-open'],
    ['ASG being deleted', answered('web-1'), { exists: true, status: 'Delete in progress' }, 'planned', 'asg-deleting'],
    ['ASG already gone', answered('web-1'), { exists: false }, 'planned', 'asg-deleting'],
    ['ASG replaced', answered('web-2'), { exists: true }, 'planned', 'asg-replaced'],
    ['ASG current', answered('web-1'), { exists: true }, 'unexpected', 'asg-current'],
    ['fleet never saw a launch', { status: 'no-fleet-record' } as FleetEvidence, { exists: true }, 'unexpected', 'no-fleet-record'],
    ['fleet could not be asked', { status: 'unavailable', error: 'boom' } as FleetEvidence, { exists: true }, 'unexpected', 'fleet-unavailable'],
  ] as const)('%s', (_name, fleet, group, kind, reason) => {
    const decision = decideTermination({ autoScalingGroupName: 'web-1', fleet, autoScalingGroup: group, errors: [] });
    expect(decision).toMatchObject({ kind, reason });
  });

  test('a health-check replacement in the current ASG is unexpected and says so', () => {
    const decision = decideTermination({
      autoScalingGroupName: 'web-1',
      fleet: answered('web-1'),
      autoScalingGroup: { exists: true },
      scalingActivity: { cause: 'health-check' },
      errors: [],
    });
    expect(decision.kind).toBe('unexpected');
    expect(decision.explanation).toMatch(/health-check/);
  });

  test("AWS's own group-deletion cause makes it planned even if DescribeAutoScalingGroups failed", () => {
    const decision = decideTermination({
      autoScalingGroupName: 'web-1',
      fleet: answered('web-1'),
      scalingActivity: { cause: 'group-deletion' },
      errors: ['DescribeAutoScalingGroups: Throttling'],
    });
    expect(decision).toMatchObject({ kind: 'planned', reason: 'asg-deleting', evidence: { errors: ['DescribeAutoScalingGroups: Throttling'] } });
  });
});

describe('classifyScalingCause (Auto Scaling Cause texts)', () => {
  test.each<[string, ScalingCause]>([
    ['At 2024-05-01T10:00:00Z an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.', 'health-check'],
    ['At 2024-05-01T10:00:00Z an instance was taken out of service in response to an ELB system health check failure.', 'health-check'],
    ['At 2024-05-01T10:00:00Z a monitor alarm web-cpu-low in state ALARM triggered policy scale-in changing the desired capacity from 3 to 2.  At 2024-05-01T10:00:05Z an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from 3 to 2.', 'scale-in'],
    ['At 2024-05-01T10:00:00Z a user request update of AutoScalingGroup constraints to min: 0, max: 0, desired: 0 changing the desired capacity from 1 to 0.', 'user-request'],
    ['At 2024-05-01T10:00:00Z an instance was taken out of service in response to an instance refresh.', 'instance-refresh'],
    ['At 2024-05-01T10:00:00Z a scheduled action update of AutoScalingGroup constraints to min: 1, max: 2, desired: 1 changing the desired capacity from 2 to 1.', 'scheduled-action'],
    ['At 2024-05-01T10:00:00Z an instance was taken out of service in response to a rebalancing of instances across Availability Zones.', 'az-rebalance'],
    ['At 2024-05-01T10:00:00Z an instance was taken out of service in response to max instance lifetime limits.', 'max-instance-lifetime'],
    ['At 2024-05-01T10:00:00Z an instance was taken out of service in response to a user request to delete the AutoScalingGroup.', 'group-deletion'],
    ['something new', 'unknown'],
  ])('%s → %s', (text, cause) => {
    expect(classifyScalingCause(text)).toBe(cause);
  });
});

describe('fleet state', () => {
  test('a late, older launch event does not make a replaced ASG current again', () => {
    let state = initialFleetState('web');
    state = applyLaunch(state, { autoScalingGroupName: 'web-2', instanceId: 'i-2', at: '2024-05-01T10:05:00Z' });
    state = applyLaunch(state, { autoScalingGroupName: 'web-1', instanceId: 'i-1', at: '2024-05-01T10:00:00Z' });
    expect(state).toMatchObject({ currentAutoScalingGroupName: 'web-2', launchesObserved: 2 });
  });

  test('a window cannot be opened for longer than a day', () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    const state = applyOpen(initialFleetState('web'), { by: 'ci', ttlMinutes: 100_000 }, now);
    expect(Date.parse(state.releaseWindow!.expiresAt) - now).toBe(MAX_RELEASE_WINDOW_TTL_MINUTES * 60_000);
    expect(isReleaseWindowOpen(state, now + MAX_RELEASE_WINDOW_TTL_MINUTES * 60_000)).toBe(false);
  });
});

describe('input validation names the field', () => {
  test('action', () => {
    expect(actionProblems({ autoScalingGroupName: '', lifecycleHookName: 'h', instanceId: 'i-0123456789abcdef0' })).toEqual([
      'action.autoScalingGroupName: required',
    ]);
    expect(actionProblems(undefined)).toEqual(['action: required']);
  });

  test('settings', () => {
    expect(settingsProblems({ fleetName: 'web' })).toEqual([]);
    expect(
      settingsProblems({
        fleetName: ' ',
        hookHeartbeatTimeoutSeconds: 10,
        forensics: { imageTimeoutMinutes: 0 },
        drain: { monitoring: { kind: 'nagios' as 'zabbix' } },
      }),
    ).toEqual([
      'settings.fleetName: required',
      'settings.hookHeartbeatTimeoutSeconds: expected a number from 30 to 7200, got 10',
      'settings.forensics.imageTimeoutMinutes: expected a number from 1 to 2880, got 0',
      'settings.drain.monitoring.kind: expected one of zabbix, none, got "nagios"',
    ]);
  });
});
