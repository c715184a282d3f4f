import { CreateImageCommand, CreateLaunchTemplateVersionCommand, DescribeLaunchTemplatesCommand } from '@aws-sdk/client-ec2';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import type { GoldenImageResult } from '../../common/golden-image';
import { workflowIds } from '../../common/workflow-ids';
import { waitForBridgeStart } from './bridge-waits';
import { plain, summarise, type Scenario } from './scenario';

const TEMPLATE = 'web-golden-lt';
const PARAMETER = '/demo/web-golden/launch-template-id';
const SOURCE_GROUP = 'backup-source-asg';

/** Seed 002: the daily DLM backup AMI becomes the launch template's new default version. */
export const goldenImageScenario: Scenario = {
  name: 'golden-image',
  title: 'Backup AMI rolled into the launch template',
  story: `The daily backup (description "EC2_BACKUP") of the ${SOURCE_GROUP} instance is waited for until available, added to ${TEMPLATE} as the new default version, and old versions are pruned to 3.`,
  async play(ctx, check) {
    const template = (await ctx.aws.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [TEMPLATE] }))).LaunchTemplates?.[0];
    ctx.progress(`PutParameter ${PARAMETER} = ${template?.LaunchTemplateId} (what Terraform would write)`);
    await ctx.aws.ssm.send(new PutParameterCommand({ Name: PARAMETER, Value: template!.LaunchTemplateId!, Type: 'String', Overwrite: true }));
    // A template with history: three more versions, so the rollout has something to prune.
    for (const n of [1, 2, 3]) {
      await ctx.aws.ec2.send(
        new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: template!.LaunchTemplateId, SourceVersion: '$Latest', VersionDescription: `manual change ${n}`, LaunchTemplateData: {} }),
      );
    }
    const versionsBefore = (await ctx.simState()).launchTemplates.find((t) => t.name === TEMPLATE)?.versions.map((v) => v.versionNumber) ?? [];
    // EC2 images a running instance; right after the stack starts, the group's may still be booting.
    const source = await ctx.waitFor(`a running instance in ${SOURCE_GROUP}`, 30_000, async () =>
      (await ctx.simState()).instances.find((i) => i.autoScalingGroupName === SOURCE_GROUP && i.state === 'running'),
    );
    ctx.progress(`CreateImage of ${source.instanceId} by the DLM policy (description carries EC2_BACKUP)`);
    const created = await ctx.aws.ec2.send(
      new CreateImageCommand({
        InstanceId: source.instanceId,
        Name: `web-golden-backup-${Date.now()}`,
        Description: 'Created for policy: policy-0demo schedule: EC2_BACKUP daily',
        NoReboot: true,
      }),
    );
    const imageId = created.ImageId!;
    const workflowId = workflowIds.goldenImage('us-east-1', imageId);
    await waitForBridgeStart(ctx, workflowId);
    ctx.progress(`${workflowId} waits for the AMI, then updates ${TEMPLATE}`);
    const summary = await summarise<GoldenImageResult>(ctx.client, workflowId, (r) => ({ outcome: r.outcome, text: r.reason }));
    const result = summary.result;

    const state = await ctx.simState();
    const lt = state.launchTemplates.find((t) => t.name === TEMPLATE);
    const latest = lt?.versions.find((v) => v.versionNumber === lt.latestVersion);
    check.equal('the rollout succeeded', result?.outcome, 'rolled-out');
    check.equal('the AMI is available', state.images.find((i) => i.imageId === imageId)?.state, 'available');
    check.equal('the newest template version carries the AMI, described Latest-AMI', [latest?.imageId, latest?.description], [imageId, 'Latest-AMI']);
    check.equal('it is the default version', lt?.defaultVersion, lt?.latestVersion);
    check.equal('the result names that version', result?.launchTemplateVersion, lt?.latestVersion);
    const all = [...versionsBefore, lt?.latestVersion ?? 0].sort((a, b) => a - b);
    check.equal('only the 3 newest versions are kept', lt?.versions.map((v) => v.versionNumber).sort((a, b) => a - b), all.slice(-3));
    check.equal('pruning deleted the older versions, with no errors', [result?.pruning?.deleted.slice().sort((a, b) => a - b), result?.pruning?.errors.length], [all.slice(0, -3), 0]);
    return [plain(summary)];
  },
};
