import type { RequestLaunchTemplateData } from '@aws-sdk/client-ec2';
import { SimError } from '../wire/errors';
import type { SimContext, Tag } from './context';

export interface TemplateVersion {
  versionNumber: number;
  description?: string;
  data: RequestLaunchTemplateData;
  createTime: Date;
}

export interface SimLaunchTemplate {
  id: string;
  name: string;
  region: string;
  createTime: Date;
  defaultVersion: number;
  latestVersion: number;
  versions: Map<number, TemplateVersion>;
  /** ClientToken → version it created: a retried CreateLaunchTemplateVersion returns the same version. */
  clientTokens: Map<string, number>;
  tags: Tag[];
}

/** Launch templates with real versions: create from a source version, default, $Latest, delete. */
export class LaunchTemplates {
  readonly byId = new Map<string, SimLaunchTemplate>();

  constructor(private readonly ctx: SimContext) {}

  create(region: string, name: string, data: RequestLaunchTemplateData, description?: string, tags: Tag[] = []): SimLaunchTemplate {
    if (!name || !/^[a-zA-Z0-9().\-/_]{3,128}$/.test(name)) {
      throw new SimError('InvalidLaunchTemplateName.MalformedException', `Launch template name is malformed: ${name}`);
    }
    if (this.findByName(region, name)) {
      throw new SimError('InvalidLaunchTemplateName.AlreadyExistsException', `Launch template name already in use.`);
    }
    const now = this.ctx.clock.now();
    const template: SimLaunchTemplate = {
      id: this.ctx.ids.hex('lt'),
      name,
      region,
      createTime: now,
      defaultVersion: 1,
      latestVersion: 1,
      versions: new Map([[1, { versionNumber: 1, description, data, createTime: now }]]),
      clientTokens: new Map(),
      tags,
    };
    this.byId.set(template.id, template);
    return template;
  }

  findByName(region: string, name: string): SimLaunchTemplate | undefined {
    return [...this.byId.values()].find((t) => t.region === region && t.name === name);
  }

  /** By id or by name, as every launch template call accepts either. */
  resolve(region: string, ref: { LaunchTemplateId?: string; LaunchTemplateName?: string }): SimLaunchTemplate {
    if (ref.LaunchTemplateId) {
      if (!/^lt-[0-9a-f]{8,17}$/.test(ref.LaunchTemplateId)) {
        throw new SimError('InvalidLaunchTemplateId.Malformed', `The specified launch template ID is malformed: ${ref.LaunchTemplateId}`);
      }
      const template = this.byId.get(ref.LaunchTemplateId);
      if (!template || template.region !== region) {
        throw new SimError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${ref.LaunchTemplateId}, does not exist.`);
      }
      return template;
    }
    if (ref.LaunchTemplateName) {
      const template = this.findByName(region, ref.LaunchTemplateName);
      if (!template) {
        throw new SimError('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${ref.LaunchTemplateName}, does not exist.`);
      }
      return template;
    }
    throw new SimError('MissingParameter', 'The request must contain the parameter LaunchTemplateName or LaunchTemplateId');
  }

  /** "3", "$Latest", "$Default" → the version, or InvalidLaunchTemplateId.VersionNotFound. */
  version(template: SimLaunchTemplate, spec: string | number | undefined): TemplateVersion {
    const number = spec === undefined || spec === '$Default' ? template.defaultVersion : spec === '$Latest' ? template.latestVersion : Number(spec);
    const version = template.versions.get(number);
    if (!version) {
      throw new SimError(
        'InvalidLaunchTemplateId.VersionNotFound',
        `Could not find launch template version ${String(spec)} for launch template ${template.id}`,
      );
    }
    return version;
  }

  createVersion(
    template: SimLaunchTemplate,
    request: { sourceVersion?: string; data: RequestLaunchTemplateData; description?: string; clientToken?: string },
  ): TemplateVersion {
    if (request.clientToken) {
      const existing = template.clientTokens.get(request.clientToken);
      if (existing !== undefined && template.versions.has(existing)) return template.versions.get(existing)!;
    }
    const base = request.sourceVersion !== undefined ? this.version(template, request.sourceVersion).data : {};
    const version: TemplateVersion = {
      versionNumber: template.latestVersion + 1,
      description: request.description,
      data: { ...base, ...request.data },
      createTime: this.ctx.clock.now(),
    };
    template.versions.set(version.versionNumber, version);
    template.latestVersion = version.versionNumber;
    if (request.clientToken) template.clientTokens.set(request.clientToken, version.versionNumber);
    return version;
  }

  setDefault(template: SimLaunchTemplate, spec: string): void {
    template.defaultVersion = this.version(template, spec).versionNumber;
  }

  /** Per-version outcomes, as DeleteLaunchTemplateVersions reports them. */
  deleteVersions(template: SimLaunchTemplate, specs: string[]): Array<{ version: number; error?: { Code: string; Message: string } }> {
    return specs.map((spec) => {
      const number = Number(spec);
      if (!Number.isInteger(number) || !template.versions.has(number)) {
        return { version: number, error: { Code: 'launchTemplateVersionDoesNotExist', Message: 'The specified launch template version does not exist.' } };
      }
      if (number === template.defaultVersion) {
        return { version: number, error: { Code: 'unexpectedError', Message: 'Cannot delete the default version of a launch template.' } };
      }
      template.versions.delete(number);
      return { version: number };
    });
  }
}
