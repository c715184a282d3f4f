import { SetDesiredCapacityCommand } from '@aws-sdk/client-auto-scaling';
import type { TerminateResult } from '../../common/terminate';
import { workflowIds } from '../../common/workflow-ids';
import { waitForBridgeStart } from './bridge-waits';
import { waitForInService, waitForTerminateActions } from './lifecycle-waits';
import { plain, summarise, type Scenario } from './scenario';

const GROUP = 'web-scale-in-asg';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:fleet-demo-ops';

/** Seeds 001 + 004: a web server lost to a scale-in nobody planned is kept as an AMI, and drained before it goes. */
export const unexpectedScaleInScenario: Scenario = {
  name: 'unexpected-scale-in',
  title: 'Unexpected scale-in: forensic AMI and graceful drain',
  story: `${GROUP} runs 2 web servers and is scaled in to 1 while it is still the fleet's current group: the terminating instance is imaged, drained through SSM, then released.`,
  async play(ctx, check) {
    ctx.progress(`SetDesiredCapacity ${GROUP} → 2 (the launch gates let them in)`);
    await ctx.aws.autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: GROUP, DesiredCapacity: 2 }));
    await waitForInService(ctx, GROUP, 2);

    ctx.progress(`SetDesiredCapacity ${GROUP} → 1 (nobody planned this)`);
    await ctx.aws.autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: GROUP, DesiredCapacity: 1 }));
    const [action] = await waitForTerminateActions(ctx, GROUP, 1);
    const workflowId = workflowIds.terminate(action!.instanceId, action!.token);
    await waitForBridgeStart(ctx, workflowId);
    ctx.progress(`${action!.instanceId} is in Terminating:Wait; ${workflowId} takes the AMI and drains it`);
    const summary = await summarise<TerminateResult>(ctx.client, workflowId, (r) => ({ outcome: `${r.outcome} (${r.decision?.kind ?? 'no decision'})`, text: r.summary }));
    const result = summary.result;

    const state = await ctx.simState();
    const instanceId = action!.instanceId;
    const images = state.images.filter((i) => i.sourceInstanceId === instanceId);
    const commands = state.ssm.commands.filter((c) => c.instanceIds.includes(instanceId));
    const decided = state.lifecycleActions.find((a) => a.token === action!.token);
    const messages = state.sns.published.filter((m) => m.topicArn === TOPIC && m.message.includes(instanceId));

    check.equal('the terminate workflow completed the lifecycle action', result?.outcome, 'completed');
    check.equal('it judged the termination unexpected: the group is the fleet\'s current one', [result?.decision?.kind, result?.decision?.reason], ['unexpected', 'asg-current']);
    check.equal("AWS's cause was recorded: a user request (the scenario's SetDesiredCapacity)", result?.decision?.evidence.scalingActivity?.cause, 'user-request');
    check.equal('exactly one forensic AMI of the instance exists, and it is available', images.map((i) => i.state), ['available']);
    check.equal('the result names that AMI', result?.forensics.imageId, images[0]?.imageId);
    check.equal(
      'the AMI is tagged with the decision',
      images[0]?.tags.find((t) => t.Key === 'fleet-workflows:decision')?.Value,
      'unexpected/asg-current',
    );
    check.equal('the drain ran one SSM command on the instance, which succeeded', commands.map((c) => c.invocations.map((i) => i.status)), [['Success']]);
    check.equal('the drain is reported done', [result?.drain.status, result?.drain.command.status], ['done', 'success']);
    check.equal('Auto Scaling got CONTINUE from CompleteLifecycleAction', [decided?.result, decided?.decidedBy], ['CONTINUE', 'CompleteLifecycleAction']);
    check.that('the forensics notifications reached the SNS topic', messages.length >= 2, `${messages.length} message(s) about ${instanceId}`);
    const terminated = await ctx
      .waitFor(`${instanceId} to be terminated`, 30_000, async () =>
        (await ctx.simState()).instances.find((i) => i.instanceId === instanceId)?.state === 'terminated' ? true : undefined,
      )
      .catch(() => false);
    check.that(`${instanceId} is terminated in EC2`, terminated);
    const group = (await ctx.simState()).autoScalingGroups.find((g) => g.name === GROUP);
    check.equal(`${GROUP} keeps 1 instance InService`, group?.instances.map((i) => i.lifecycleState), ['InService']);
    return [plain(summary)];
  },
};
