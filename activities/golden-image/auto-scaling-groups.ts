import {
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingGroup,
  type LaunchTemplateSpecification,
} from '@aws-sdk/client-auto-scaling';
import { log } from '@temporalio/activity';
import type { AutoScalingGroupLaunchSource, LaunchTemplateRef } from '../../common/golden-image';
import type { AwsClientsForRegion } from '../aws-clients';
import { rethrowClassified } from '../aws-errors';

/** How one Auto Scaling group refers to a launch template (a group may do so in several places). */
export interface TemplateReference {
  autoScalingGroupName: string;
  /** As written on the group: a number, `$Latest` or `$Default` (absent means `$Default`). */
  version: string;
  via: 'launch-template' | 'mixed-instances-policy' | 'override';
}

function toRef(spec: LaunchTemplateSpecification): LaunchTemplateRef {
  const ref: LaunchTemplateRef = {};
  if (spec.LaunchTemplateId) ref.launchTemplateId = spec.LaunchTemplateId;
  if (spec.LaunchTemplateName) ref.launchTemplateName = spec.LaunchTemplateName;
  if (spec.Version) ref.version = spec.Version;
  return ref;
}

/** Every place a group names a launch template: plain, in its mixed instances policy, or in an override. */
function templateSpecs(group: AutoScalingGroup): { spec: LaunchTemplateSpecification; via: TemplateReference['via'] }[] {
  const specs: { spec: LaunchTemplateSpecification; via: TemplateReference['via'] }[] = [];
  if (group.LaunchTemplate) specs.push({ spec: group.LaunchTemplate, via: 'launch-template' });
  const mixed = group.MixedInstancesPolicy?.LaunchTemplate;
  if (mixed?.LaunchTemplateSpecification) specs.push({ spec: mixed.LaunchTemplateSpecification, via: 'mixed-instances-policy' });
  for (const override of mixed?.Overrides ?? []) {
    if (override.LaunchTemplateSpecification) specs.push({ spec: override.LaunchTemplateSpecification, via: 'override' });
  }
  return specs;
}

export function createAutoScalingGroupActivities(clientsFor: AwsClientsForRegion) {
  return {
    /** Scans the region's groups (paginated): which ones use the template, and with which version. */
    async findAutoScalingGroupsUsingTemplate(
      region: string,
      launchTemplateId: string,
      launchTemplateName?: string,
    ): Promise<TemplateReference[]> {
      const references: TemplateReference[] = [];
      let nextToken: string | undefined;
      try {
        do {
          const out = await clientsFor(region).autoScaling.send(
            new DescribeAutoScalingGroupsCommand({ MaxRecords: 100, NextToken: nextToken }),
          );
          for (const group of out.AutoScalingGroups ?? []) {
            for (const { spec, via } of templateSpecs(group)) {
              const sameTemplate =
                spec.LaunchTemplateId === launchTemplateId ||
                (!spec.LaunchTemplateId && launchTemplateName !== undefined && spec.LaunchTemplateName === launchTemplateName);
              if (sameTemplate && group.AutoScalingGroupName) {
                references.push({ autoScalingGroupName: group.AutoScalingGroupName, version: spec.Version ?? '$Default', via });
              }
            }
          }
          nextToken = out.NextToken;
        } while (nextToken);
      } catch (err) {
        return rethrowClassified(err, 'DescribeAutoScalingGroups');
      }
      return references;
    },

    async describeAutoScalingGroupLaunchSource(region: string, autoScalingGroupName: string): Promise<AutoScalingGroupLaunchSource> {
      let group: AutoScalingGroup | undefined;
      try {
        const out = await clientsFor(region).autoScaling.send(
          new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [autoScalingGroupName] }),
        );
        group = out.AutoScalingGroups?.find((g) => g.AutoScalingGroupName === autoScalingGroupName);
      } catch (err) {
        return rethrowClassified(err, `DescribeAutoScalingGroups ${autoScalingGroupName}`);
      }
      if (!group) return { found: false };
      if (group.LaunchTemplate) return { found: true, kind: 'launch-template', launchTemplate: toRef(group.LaunchTemplate) };
      const mixed = group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
      if (mixed) return { found: true, kind: 'mixed-instances-policy', launchTemplate: toRef(mixed) };
      if (group.LaunchConfigurationName) {
        return { found: true, kind: 'launch-configuration', launchConfigurationName: group.LaunchConfigurationName };
      }
      return { found: true, kind: 'none' };
    },

    /** Writes `$Latest` where the group keeps its template; setting it twice changes nothing. */
    async pinAutoScalingGroupToLatest(
      region: string,
      autoScalingGroupName: string,
      kind: 'launch-template' | 'mixed-instances-policy',
      template: LaunchTemplateRef,
    ): Promise<void> {
      // The group named the template either by id or by name; keep whichever it used.
      const spec: LaunchTemplateSpecification = template.launchTemplateId
        ? { LaunchTemplateId: template.launchTemplateId, Version: '$Latest' }
        : { LaunchTemplateName: template.launchTemplateName, Version: '$Latest' };
      try {
        await clientsFor(region).autoScaling.send(
          new UpdateAutoScalingGroupCommand(
            kind === 'launch-template'
              ? { AutoScalingGroupName: autoScalingGroupName, LaunchTemplate: spec }
              : // Properties left out (overrides, instances distribution) stay as they are.
                { AutoScalingGroupName: autoScalingGroupName, MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: spec } } },
          ),
        );
        log.info('Auto Scaling group pinned to $Latest', { autoScalingGroupName, kind });
      } catch (err) {
        return rethrowClassified(err, `UpdateAutoScalingGroup ${autoScalingGroupName}`, ['ValidationError']);
      }
    },
  };
}
