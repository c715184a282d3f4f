import { CreateAutoScalingGroupCommand, DeleteAutoScalingGroupCommand, SetDesiredCapacityCommand } from '@aws-sdk/client-auto-scaling';
import type { PinLatestResult } from '../../common/golden-image';
import type { TerminateResult } from '../../common/terminate';
import { workflowIds } from '../../common/workflow-ids';
import { waitForBridgeStart } from './bridge-waits';
import { waitForInService, waitForTerminateActions } from './lifecycle-waits';
import { listRuns, plain, summarise, type Scenario } from './scenario';

const BLUE = 'web-release-blue-asg';
const GREEN = 'web-release-green-asg';

/** Seed 001's planned case: a release replaces the group (CloudFormation), so the old instances go without an AMI. */
export const plannedReleaseScenario: Scenario = {
  name: 'planned-release',
  title: 'Planned release: the group is replaced, no AMI',
  story: `${BLUE} serves; a release creates ${GREEN} (pinned to $Latest), its instance passes the gate, then ${BLUE} is emptied and deleted: its instance is drained but not imaged.`,
  async play(ctx, check) {
    ctx.progress(`SetDesiredCapacity ${BLUE} → 1`);
    await ctx.aws.autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: BLUE, DesiredCapacity: 1 }));
    const [blueInstance] = await waitForInService(ctx, BLUE, 1);

    ctx.progress(`CreateAutoScalingGroup ${GREEN} (launch template version 1, as CloudFormation writes it)`);
    await ctx.aws.autoScaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: GREEN,
        LaunchTemplate: { LaunchTemplateName: 'web-lt', Version: '1' },
        MinSize: 0,
        MaxSize: 4,
        DesiredCapacity: 1,
        LifecycleHookSpecificationList: [
          { LifecycleHookName: 'launch-gate', LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING', HeartbeatTimeout: 300, DefaultResult: 'ABANDON' },
          { LifecycleHookName: 'terminate', LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING', HeartbeatTimeout: 300, DefaultResult: 'CONTINUE' },
        ],
      }),
    );
    await waitForInService(ctx, GREEN, 1);
    const [pin] = await ctx.waitFor(`the pin-latest run of ${GREEN}`, 30_000, async () => {
      const runs = await listRuns(ctx.client, `WorkflowType = "pinLatestWorkflow" AND WorkflowId STARTS_WITH "pin-latest/us-east-1/${GREEN}/"`);
      return runs.length > 0 ? runs : undefined;
    });
    const pinSummary = await summarise<PinLatestResult>(ctx.client, pin!.workflowId, (r) => ({ outcome: r.outcome, text: r.reason }));

    ctx.progress(`SetDesiredCapacity ${BLUE} → 0 (the release retires the old group)`);
    await ctx.aws.autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: BLUE, DesiredCapacity: 0 }));
    const [action] = await waitForTerminateActions(ctx, BLUE, 1);
    const workflowId = workflowIds.terminate(action!.instanceId, action!.token);
    await waitForBridgeStart(ctx, workflowId);
    ctx.progress(`${action!.instanceId} is in Terminating:Wait; ${workflowId} decides`);
    const terminate = await summarise<TerminateResult>(ctx.client, workflowId, (r) => ({ outcome: `${r.outcome} (${r.decision?.kind ?? 'no decision'})`, text: r.summary }));
    await ctx.waitFor(`${BLUE} to be empty`, 30_000, async () =>
      (await ctx.simState()).autoScalingGroups.find((g) => g.name === BLUE)?.instances.length === 0 ? true : undefined,
    );
    ctx.progress(`DeleteAutoScalingGroup ${BLUE}`);
    await ctx.aws.autoScaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: BLUE }));

    const state = await ctx.simState();
    const result = terminate.result;
    check.equal('the terminating instance is the one blue ran', action?.instanceId, blueInstance);
    check.equal("it was judged planned: the fleet's current group is green", [result?.decision?.kind, result?.decision?.reason], ['planned', 'asg-replaced']);
    check.equal('no AMI was taken', [result?.forensics.status, state.images.filter((i) => i.sourceInstanceId === blueInstance).length], ['skipped', 0]);
    check.equal(
      'the drain still ran its SSM command, which succeeded',
      state.ssm.commands.filter((c) => c.instanceIds.includes(blueInstance!)).map((c) => c.invocations.map((i) => i.status)),
      [['Success']],
    );
    check.equal('the lifecycle action was completed with CONTINUE', [result?.outcome, state.lifecycleActions.find((a) => a.token === action?.token)?.result], ['completed', 'CONTINUE']);
    check.equal(`${GREEN} was pinned to $Latest`, [pinSummary.result?.outcome, state.autoScalingGroups.find((g) => g.name === GREEN)?.launchTemplate.Version], ['pinned', '$Latest']);
    check.equal(`${GREEN} keeps 1 instance InService`, state.autoScalingGroups.find((g) => g.name === GREEN)?.instances.map((i) => i.lifecycleState), ['InService']);
    check.equal(`${BLUE} is deleted`, state.autoScalingGroups.filter((g) => g.name === BLUE && !g.deleting).length, 0);
    return [plain(pinSummary), plain(terminate)];
  },
};
