import { SetDesiredCapacityCommand } from '@aws-sdk/client-auto-scaling';
import { LAUNCH_GATE_WORKFLOW, type LaunchGateResult } from '../../common/launch-gate';
import { FLEET_QUERIES, type FleetStateView } from '../../common/terminate';
import { workflowIds } from '../../common/workflow-ids';
import { listRuns, plain, summarise, type Scenario } from './scenario';

const GROUP = 'web-scale-out-asg';
const FLEET = 'web-scale-out';
const LAUNCHES = 5;

/** Seed 000: five web servers launch; four get the CMS content, one never does and is abandoned and replaced. */
export const scaleOutScenario: Scenario = {
  name: 'scale-out',
  title: 'Scale-out of 5 web servers behind the launch-sync gate',
  story: `${GROUP} goes from 0 to ${LAUNCHES}; the 4th instance never syncs its content, so its gate gives up with ABANDON and Auto Scaling replaces it.`,
  async play(ctx, check) {
    const before = new Set((await ctx.simState()).instances.map((i) => i.instanceId));
    ctx.progress(`SetDesiredCapacity ${GROUP} → ${LAUNCHES}`);
    await ctx.aws.autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: GROUP, DesiredCapacity: LAUNCHES }));

    // One launch is abandoned and replaced: LAUNCHES + 1 gates in all.
    const query = `WorkflowType = "${LAUNCH_GATE_WORKFLOW}" AND FleetAutoScalingGroupName = "${GROUP}"`;
    let reported = 0;
    const gates = await ctx.waitFor(`${LAUNCHES + 1} launch gates of ${GROUP} to close and ${LAUNCHES} instances InService`, 120_000, async () => {
      const runs = await listRuns(ctx.client, query);
      const closed = runs.filter((r) => r.status.name !== 'RUNNING');
      if (closed.length !== reported) {
        reported = closed.length;
        ctx.progress(`${closed.length} of ${LAUNCHES + 1} gates closed`);
      }
      const group = (await ctx.simState()).autoScalingGroups.find((g) => g.name === GROUP);
      const inService = group?.instances.filter((i) => i.lifecycleState === 'InService').length ?? 0;
      return closed.length >= LAUNCHES + 1 && inService === LAUNCHES ? closed : undefined;
    });

    const summaries = await Promise.all(
      gates.map((g) => summarise<LaunchGateResult>(ctx.client, g.workflowId, (r) => ({ outcome: `${r.outcome} (${r.lifecycleActionResult})`, text: r.reason }))),
    );
    const state = await ctx.simState();
    const group = state.autoScalingGroups.find((g) => g.name === GROUP);
    const launched = state.instances.filter((i) => i.autoScalingGroupName === GROUP && !before.has(i.instanceId));
    const neverSyncs = launched.filter((i) => i.contentSyncMs === null).map((i) => i.instanceId);
    const actions = state.lifecycleActions.filter((a) => a.autoScalingGroupName === GROUP && a.transition === 'autoscaling:EC2_INSTANCE_LAUNCHING');
    const abandoned = actions.filter((a) => a.result === 'ABANDON');
    const results = summaries.map((s) => s.result);

    check.equal(`${GROUP} has ${LAUNCHES} instances InService`, group?.instances.filter((i) => i.lifecycleState === 'InService').length, LAUNCHES);
    check.equal(`${LAUNCHES + 1} instances were launched (one replacement)`, launched.length, LAUNCHES + 1);
    check.equal('exactly one instance never syncs its content', neverSyncs.length, 1);
    check.equal(
      'the gates found by the FleetAutoScalingGroupName search attribute are one per launch',
      gates.map((g) => g.workflowId).sort(),
      actions.map((a) => workflowIds.launchGate(a.instanceId, a.token)).sort(),
    );
    check.equal(`${LAUNCHES} gates completed CONTINUE with outcome synced`, results.filter((r) => r?.outcome === 'synced' && r.lifecycleActionResult === 'CONTINUE').length, LAUNCHES);
    const gaveUp = results.filter((r) => r?.outcome === 'gave-up');
    check.equal('one gate gave up, for the instance that never syncs', gaveUp.map((r) => r?.instanceId), neverSyncs);
    check.equal('the gate that gave up completed ABANDON after 5 scheduled checks', gaveUp.map((r) => [r?.lifecycleActionResult, r?.completion, r?.scheduledChecks]), [['ABANDON', 'done', 5]]);
    check.equal(
      'Auto Scaling recorded that one ABANDON, sent by CompleteLifecycleAction (not a hook timeout)',
      abandoned.map((a) => [a.instanceId, a.decidedBy]),
      neverSyncs.map((id) => [id, 'CompleteLifecycleAction']),
    );
    check.equal('every other launch action ended CONTINUE by CompleteLifecycleAction', actions.filter((a) => a.result === 'CONTINUE' && a.decidedBy === 'CompleteLifecycleAction').length, LAUNCHES);
    check.equal(
      'the abandoned instance is terminated in EC2',
      state.instances.filter((i) => neverSyncs.includes(i.instanceId)).map((i) => i.state),
      ['terminated'],
    );
    const fleet = await ctx.client.workflow.getHandle(workflowIds.fleet(FLEET)).query<FleetStateView>(FLEET_QUERIES.state);
    check.equal(`fleet ${FLEET} knows ${GROUP} as its current group`, fleet.currentAutoScalingGroupName, GROUP);
    return summaries.map(plain);
  },
};
