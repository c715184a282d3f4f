import type { FleetConfig, FleetRule } from '../starters/fleet-config/fleet-config-schema';
import { DEFAULT_TASK_QUEUE } from '../common/task-queue';
import type { DeploySettings } from './deploy-settings';

/**
 * What one regional stack must hold, worked out from the fleet configuration and the
 * deploy settings without CDK: which groups, which features, which named resources.
 * Anything the app cannot express throws here, naming the field, before a template exists.
 */

/** The fleet configuration asks for something the app cannot deploy; the message names the field. */
export class UnexpressibleConfigError extends Error {
  override name = 'UnexpressibleConfigError';
}

/** An EventBridge pattern value for `detail.AutoScalingGroupName`: an exact name or a prefix. */
export type GroupNamePattern = string | { prefix: string };

export interface RegionPlan {
  region: string;
  /** The fleets whose events come from this region, in file order. */
  fleets: FleetRule[];
  taskQueue: string;
  /**
   * Name patterns for the lifecycle rule; undefined means every group of the region (a
   * glob with no literal start, or a stackName fleet): the bridge filters those itself.
   */
  lifecycleGroupPatterns?: GroupNamePattern[];
  /** Auto Scaling group names as IAM matches them (`*` and `?` wildcards). */
  groupNameGlobs: string[];
  /** CloudFormation stacks whose groups belong to a fleet (matched by the stack-name tag). */
  stackNames: string[];
  features: {
    launchGate: boolean;
    terminate: boolean;
    forensics: boolean;
    drain: boolean;
    goldenImage: boolean;
    instanceRefresh: boolean;
    pinLatest: boolean;
    ecs: boolean;
  };
  /** The bridge looks group stacks up (DescribeAutoScalingGroups) only for stackName fleets. */
  bridgeLooksUpStacks: boolean;
  /** Parameters the worker reads: launch template ids and Slack webhooks held in SSM. */
  ssmParameterNames: string[];
  snsTopicArns: string[];
  drainDocuments: string[];
  ecsClusters: string[];
}

// IAM resource names understand `*` and `?` exactly as the fleet globs do; anything else a
// glob might be written with would be literal to IAM but a pattern to a reader.
const IAM_SAFE_GLOB = /^[A-Za-z0-9\-_.:/ @*?]+$/;

/** The regions to deploy: those the fleets name, plus the settings' regions for fleets that name none. */
export function deployRegions(config: FleetConfig, settings: DeploySettings): string[] {
  const regions = new Set<string>(settings.regions ?? []);
  config.fleets.forEach((fleet, index) => {
    if (fleet.regions) fleet.regions.forEach((r) => regions.add(r));
    else if (!settings.regions) {
      throw new UnexpressibleConfigError(
        `fleets.${index}.regions: fleet '${fleet.name}' names no region, so it applies to every region; ` +
          'name its regions, or list the regions to deploy in the deploy settings (regions)',
      );
    }
  });
  if (regions.size === 0) throw new UnexpressibleConfigError('fleets: no fleet and no deploy region: nothing to deploy');
  return [...regions].sort();
}

export function planRegion(config: FleetConfig, settings: DeploySettings, region: string): RegionPlan {
  const indexed = config.fleets.map((fleet, index) => ({ fleet, index })).filter(({ fleet }) => !fleet.regions || fleet.regions.includes(region));
  const patterns: GroupNamePattern[] = [];
  let everyGroup = false;
  const groupNameGlobs: string[] = [];
  const stackNames: string[] = [];
  for (const { fleet, index } of indexed) {
    const { name, prefix, glob, stackName } = fleet.match;
    if (name !== undefined) {
      patterns.push(name);
      groupNameGlobs.push(iamLiteral(name, `fleets.${index}.match.name`));
    } else if (prefix !== undefined) {
      patterns.push({ prefix });
      groupNameGlobs.push(`${iamLiteral(prefix, `fleets.${index}.match.prefix`)}*`);
    } else if (glob !== undefined) {
      if (!IAM_SAFE_GLOB.test(glob)) {
        throw new UnexpressibleConfigError(
          `fleets.${index}.match.glob: '${glob}' has characters an IAM resource pattern cannot scope (only letters, digits, - _ . : / @ and the wildcards * ?)`,
        );
      }
      const literalStart = glob.slice(0, glob.search(/[*?]|$/));
      if (literalStart) patterns.push(literalStart === glob ? glob : { prefix: literalStart });
      else everyGroup = true;
      groupNameGlobs.push(glob);
    } else if (stackName !== undefined) {
      everyGroup = true;
      stackNames.push(stackName);
    }
  }
  const fleets = indexed.map(({ fleet }) => fleet);
  const some = (test: (fleet: FleetRule) => boolean) => fleets.some(test);
  const ecsClusters = settings.worker.ecsClusters ?? ecsPlanClusters(config);
  return {
    region,
    fleets,
    taskQueue: settings.temporal.taskQueue ?? config.taskQueue ?? DEFAULT_TASK_QUEUE,
    lifecycleGroupPatterns: everyGroup ? undefined : dedupe(patterns),
    groupNameGlobs: dedupe(groupNameGlobs),
    stackNames: dedupe(stackNames),
    features: {
      launchGate: some((f) => f.launchGate !== undefined),
      terminate: some((f) => f.terminate !== undefined),
      // Forensics and drain are on unless a fleet's terminate settings turn them off.
      forensics: some((f) => f.terminate !== undefined && f.terminate.forensics?.enabled !== false),
      drain: some((f) => f.terminate !== undefined && f.terminate.drain?.enabled !== false),
      goldenImage: some((f) => f.goldenImage !== undefined),
      instanceRefresh: some((f) => f.goldenImage?.instanceRefresh?.enabled === true),
      pinLatest: some((f) => f.pinLatest === true),
      ecs: ecsClusters.length > 0,
    },
    bridgeLooksUpStacks: stackNames.length > 0,
    ssmParameterNames: dedupe(
      fleets.flatMap((f) => [
        ...(f.goldenImage ? [f.goldenImage.launchTemplateIdParameter] : []),
        ...[f.notifications, f.terminate?.notifications].flatMap((n) => (n?.slackWebhook && 'ssmParameter' in n.slackWebhook ? [n.slackWebhook.ssmParameter] : [])),
      ]),
    ),
    snsTopicArns: dedupe(fleets.flatMap((f) => [f.notifications?.snsTopicArn, f.terminate?.notifications?.snsTopicArn].filter((a): a is string => a !== undefined))),
    drainDocuments: settings.worker.drainDocuments,
    ecsClusters,
  };
}

/** Clusters of the ECS plans listed in the fleet configuration (each entry must name its cluster). */
function ecsPlanClusters(config: FleetConfig): string[] {
  return dedupe(
    config.ecsPlans.map((plan, index) => {
      const cluster = (plan as { cluster?: unknown }).cluster;
      if (typeof cluster !== 'string' || cluster === '') {
        throw new UnexpressibleConfigError(`ecsPlans.${index}.cluster: plan '${plan.name}' names no cluster, so the worker's ECS permissions cannot be scoped (or set worker.ecsClusters in the deploy settings)`);
      }
      return cluster;
    }),
  );
}

function iamLiteral(text: string, field: string): string {
  if (/[*?]/.test(text)) {
    throw new UnexpressibleConfigError(`${field}: '${text}' contains * or ?, which IAM would read as wildcards (use match.glob for patterns)`);
  }
  return text;
}

function dedupe<T>(values: T[]): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
