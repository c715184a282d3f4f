import type { AwsClients } from '../../activities/aws-clients';
import { groupTemplateVersion, templateVersions, type TemplateVersion } from './aws-outcomes';
import { lastCall, summary } from './compare-lifecycle';
import { clock, unreadable, type Finding } from './finding';
import type { ObservedRun } from './observed-run';

const AMI = /\bami-[0-9a-f]+\b/;

/** Golden image: is the AMI the run would have rolled out the template's default now? */
export async function compareGoldenImage(run: ObservedRun, clients: AwsClients): Promise<Finding[]> {
  const modify = lastCall(run, 'ModifyLaunchTemplate');
  const create = lastCall(run, 'CreateLaunchTemplateVersion');
  const templateId = modify?.target ?? create?.target ?? run.launchTemplateId;
  const imageId = run.imageId ?? AMI.exec(modify?.detail ?? create?.detail ?? '')?.[0];
  const would = modify ?? create;
  const base = { call: would?.call ?? 'ModifyLaunchTemplate', target: templateId ?? '(unknown template)', wouldHave: summary(run, would) };
  if (!templateId || !imageId) {
    const why = run.status === 'RUNNING' ? 'has not found the launch template yet' : `would have changed no template (${run.outcome ?? run.status.toLowerCase()})`;
    return [{ ...base, verdict: run.status === 'RUNNING' ? 'unknown' : 'not-compared', text: why }];
  }
  let versions: TemplateVersion[];
  try {
    versions = await templateVersions(clients, templateId);
  } catch (err) {
    return [{ ...base, ...unreadable(err, `the versions of ${templateId}`) }];
  }
  const current = versions.find((v) => v.isDefault);
  const carrying = versions.filter((v) => v.imageId === imageId).sort((a, b) => a.version - b.version)[0];
  const defaultText = current ? `the default is version ${current.version} (${current.imageId ?? 'no AMI'})` : `${templateId} has no default version`;
  const isDefault = current !== undefined && current.imageId === imageId;
  const happened = isDefault
    ? `version ${current.version}, the default, carries ${imageId}${current.createTime ? ` since ${clock(current.createTime, run)}` : ''}`
    : carrying
      ? `version ${carrying.version} carries ${imageId}, but ${defaultText}`
      : `no version of ${templateId} carries ${imageId}; ${defaultText}`;
  const actual = { at: isDefault ? current.createTime : carrying?.createTime, what: happened };
  if (modify) return [{ ...base, actual, verdict: isDefault ? 'agree' : 'disagree', text: `would have made ${imageId} the default of ${templateId} at ${clock(modify.at, run)}; ${happened}` }];
  if (create) return [{ ...base, actual, verdict: carrying ? 'agree' : 'disagree', text: `would have added a version with ${imageId} to ${templateId} at ${clock(create.at, run)}; ${happened}` }];
  if (run.status === 'RUNNING') return [{ ...base, actual, verdict: 'unknown', text: `has not decided on ${imageId} yet; ${happened}` }];
  // The old Lambda rolls the image out while it is still pending; the run, waiting for it to be
  // available, then finds it already there: it would have rolled it out too.
  if (run.outcome === 'already-current') return [{ ...base, actual, verdict: isDefault ? 'agree' : 'disagree', text: `found ${imageId} already in ${templateId}, nothing left to write; ${happened}` }];
  return [{ ...base, actual, verdict: isDefault ? 'disagree' : 'agree', text: `would have left ${templateId} as it was (${run.outcome ?? 'no write'}); ${happened}` }];
}

/** Pin $Latest: does the group launch from $Latest now? */
export async function comparePinLatest(run: ObservedRun, clients: AwsClients): Promise<Finding[]> {
  const update = lastCall(run, 'UpdateAutoScalingGroup');
  const group = update?.target ?? run.autoScalingGroupName;
  const base = { call: 'UpdateAutoScalingGroup', target: group ?? '(unknown group)', wouldHave: summary(run, update) };
  if (!group) return [{ ...base, verdict: 'unknown', text: 'the run names no group in its memo' }];
  let version;
  try {
    version = await groupTemplateVersion(clients, group);
  } catch (err) {
    return [{ ...base, ...unreadable(err, `the group ${group}`) }];
  }
  const happened = version === undefined ? `${group} no longer exists` : version === null ? `${group} launches from no launch template` : `${group} launches from version ${version}`;
  const actual = { what: happened };
  if (!update) {
    // Found already pinned (the old Lambda is quicker): the run agrees as long as it stays pinned.
    if (run.outcome === 'already-latest') return [{ ...base, actual, verdict: version === '$Latest' ? 'agree' : 'disagree', text: `found ${group} already on $Latest; ${happened}` }];
    const would = run.status === 'RUNNING' ? 'has not decided yet' : `would have changed nothing (${run.outcome ?? 'no write'})`;
    return [{ ...base, actual, verdict: run.status === 'RUNNING' ? 'unknown' : 'not-compared', text: `${would}; ${happened}` }];
  }
  const verdict = version === '$Latest' ? 'agree' : version === undefined ? 'unknown' : 'disagree';
  return [{ ...base, actual, verdict, text: `would have pinned ${group} to $Latest at ${clock(update.at, run)}; ${happened}` }];
}
