import { ECS_SERVICES, EXPECTED_RUNS, SCALE_IN, SCALE_OUT, type Survival } from './stack-scenario';

/** Every run completed with its good outcome, and nothing on the AWS side happened twice. */
export function expectStorySurvived(survival: Survival): void {
  expect(survival.runs.filter((r) => r.status !== 'COMPLETED')).toEqual([]);
  expect(survival.runs).toHaveLength(EXPECTED_RUNS);
  expect(survival.secondRuns).toEqual([]);
  const byKind = (prefix: string) => survival.runs.filter((r) => r.workflowId.startsWith(prefix));
  expect(byKind('launch-gate/').map((r) => r.outcome)).toEqual(Array(SCALE_OUT.instances + SCALE_IN.from).fill('synced'));
  expect(byKind('terminate/').map((r) => [r.outcome, r.forensics])).toEqual([['completed', 'available']]);
  expect(byKind('golden-image/').map((r) => r.outcome)).toEqual(['rolled-out']);
  expect(byKind('ecs-startup/').map((r) => r.outcome)).toEqual(['succeeded']);
  // One forensic AMI, one launch template version, one desired-count change per service.
  expect(survival.forensicImages).toBe(1);
  expect(survival.goldenVersions).toBe(1);
  expect(survival.calls.createLaunchTemplateVersion).toBe(1);
  expect(survival.calls.updateService).toBe(ECS_SERVICES);
  // Every lifecycle action was completed by the workflows, none left to a hook timeout.
  expect(Object.keys(survival.lifecycleDecidedBy)).toEqual(['CompleteLifecycleAction']);
}
