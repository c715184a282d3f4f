import { createHash } from 'node:crypto';
import {
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeLaunchTemplateVersionsCommand,
  ModifyLaunchTemplateCommand,
} from '@aws-sdk/client-ec2';
import { log } from '@temporalio/activity';
import type { AwsClientsForRegion } from '../aws-clients';
import { rethrowClassified } from '../aws-errors';

/** A template that does not exist will not appear on retry. */
const TEMPLATE_GONE = ['InvalidLaunchTemplateId.NotFound', 'InvalidLaunchTemplateName.NotFoundException'];

/** At most this many versions per DeleteLaunchTemplateVersions call (the API's limit). */
export const MAX_VERSIONS_PER_DELETE = 200;

export interface LaunchTemplateVersionSummary {
  versionNumber: number;
  imageId?: string;
  isDefault: boolean;
}

export interface LaunchTemplateVersions {
  launchTemplateId: string;
  launchTemplateName?: string;
  latestVersion: number;
  defaultVersion?: number;
  versions: LaunchTemplateVersionSummary[];
}

export interface CreatedLaunchTemplateVersion {
  versionNumber: number;
  warnings: string[];
}

export interface DeletedLaunchTemplateVersions {
  deleted: number[];
  errors: { version: number; code: string; message: string }[];
}

/**
 * Same image into the same template → same token, so a retried or replayed create returns
 * the version made the first time. EC2 allows 64 ASCII characters.
 */
export function launchTemplateVersionClientToken(imageId: string, launchTemplateId: string): string {
  const plain = `golden-image-${imageId}-${launchTemplateId}`;
  return plain.length <= 64 ? plain : createHash('sha256').update(plain).digest('hex');
}

export function createLaunchTemplateVersionActivities(clientsFor: AwsClientsForRegion) {
  return {
    /** Every version's number, AMI and default flag (paginated), for the "already there" check and pruning. */
    async describeLaunchTemplateVersions(region: string, launchTemplateId: string): Promise<LaunchTemplateVersions> {
      const versions: LaunchTemplateVersionSummary[] = [];
      let launchTemplateName: string | undefined;
      let nextToken: string | undefined;
      try {
        do {
          const out = await clientsFor(region).ec2.send(
            new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: launchTemplateId, MaxResults: 200, NextToken: nextToken }),
          );
          for (const v of out.LaunchTemplateVersions ?? []) {
            if (v.VersionNumber === undefined) continue;
            launchTemplateName ??= v.LaunchTemplateName;
            versions.push({
              versionNumber: v.VersionNumber,
              imageId: v.LaunchTemplateData?.ImageId,
              isDefault: v.DefaultVersion === true,
            });
          }
          nextToken = out.NextToken;
        } while (nextToken);
      } catch (err) {
        return rethrowClassified(err, `DescribeLaunchTemplateVersions ${launchTemplateId}`, TEMPLATE_GONE);
      }
      versions.sort((a, b) => b.versionNumber - a.versionNumber);
      return {
        launchTemplateId,
        launchTemplateName,
        latestVersion: versions[0]?.versionNumber ?? 0,
        defaultVersion: versions.find((v) => v.isDefault)?.versionNumber,
        versions,
      };
    },

    /** A new version from `$Latest` with only the AMI changed; idempotent through ClientToken. */
    async createLaunchTemplateVersion(
      region: string,
      launchTemplateId: string,
      imageId: string,
      versionDescription: string,
    ): Promise<CreatedLaunchTemplateVersion> {
      try {
        const out = await clientsFor(region).ec2.send(
          new CreateLaunchTemplateVersionCommand({
            LaunchTemplateId: launchTemplateId,
            SourceVersion: '$Latest',
            VersionDescription: versionDescription,
            LaunchTemplateData: { ImageId: imageId },
            ClientToken: launchTemplateVersionClientToken(imageId, launchTemplateId),
          }),
        );
        const versionNumber = out.LaunchTemplateVersion?.VersionNumber;
        if (versionNumber === undefined) throw new Error(`CreateLaunchTemplateVersion ${launchTemplateId} returned no version number`);
        const warnings = (out.Warning?.Errors ?? []).map((e) => `${e.Code ?? 'warning'}: ${e.Message ?? ''}`);
        log.info('launch template version created', { launchTemplateId, versionNumber, imageId });
        return { versionNumber, warnings };
      } catch (err) {
        return rethrowClassified(err, `CreateLaunchTemplateVersion ${launchTemplateId}`, [
          ...TEMPLATE_GONE,
          'IdempotentParameterMismatch',
          'InvalidAMIID.NotFound',
          'VersionLimitExceeded',
        ]);
      }
    },

    /** Names the version by number, not `$Latest`, so a version created meanwhile by someone else is not picked up. */
    async setDefaultLaunchTemplateVersion(region: string, launchTemplateId: string, versionNumber: number): Promise<void> {
      try {
        await clientsFor(region).ec2.send(
          new ModifyLaunchTemplateCommand({ LaunchTemplateId: launchTemplateId, DefaultVersion: String(versionNumber) }),
        );
      } catch (err) {
        return rethrowClassified(err, `ModifyLaunchTemplate ${launchTemplateId}`, [
          ...TEMPLATE_GONE,
          'InvalidLaunchTemplateId.VersionNotFound',
        ]);
      }
    },

    /** Reports each version's fate; a version already gone counts as deleted, so a retry is harmless. */
    async deleteLaunchTemplateVersions(
      region: string,
      launchTemplateId: string,
      versions: number[],
    ): Promise<DeletedLaunchTemplateVersions> {
      if (versions.length === 0) return { deleted: [], errors: [] };
      try {
        const out = await clientsFor(region).ec2.send(
          new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId: launchTemplateId, Versions: versions.map(String) }),
        );
        const deleted = (out.SuccessfullyDeletedLaunchTemplateVersions ?? [])
          .map((v) => v.VersionNumber)
          .filter((n): n is number => n !== undefined);
        const errors: DeletedLaunchTemplateVersions['errors'] = [];
        for (const failure of out.UnsuccessfullyDeletedLaunchTemplateVersions ?? []) {
          if (failure.VersionNumber === undefined) continue;
          const code = failure.ResponseError?.Code ?? 'unknown';
          if (code === 'launchTemplateVersionDoesNotExist') deleted.push(failure.VersionNumber);
          else errors.push({ version: failure.VersionNumber, code, message: failure.ResponseError?.Message ?? '' });
        }
        if (errors.length > 0) log.warn('some launch template versions were not deleted', { launchTemplateId, errors });
        return { deleted: deleted.sort((a, b) => a - b), errors };
      } catch (err) {
        return rethrowClassified(err, `DeleteLaunchTemplateVersions ${launchTemplateId}`, TEMPLATE_GONE);
      }
    },
  };
}
