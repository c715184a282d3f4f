import type {
  CreateClusterCommandInput,
  CreateClusterCommandOutput,
  CreateServiceCommandInput,
  CreateServiceCommandOutput,
  DescribeServicesCommandInput,
  DescribeServicesCommandOutput,
  ListTagsForResourceCommandInput,
  ListTagsForResourceCommandOutput,
  RegisterTaskDefinitionCommandInput,
  RegisterTaskDefinitionCommandOutput,
  Service,
  TagResourceCommandInput,
  TagResourceCommandOutput,
  UpdateServiceCommandInput,
  UpdateServiceCommandOutput,
} from '@aws-sdk/client-ecs';
import type { SimService } from '../fleet/ecs';
import type { Fleet } from '../fleet/fleet';
import { SimError } from '../wire/errors';
import { op, type ServiceApi } from './handler';

function serviceShape(service: SimService, withTags: boolean): Service {
  return {
    serviceArn: service.serviceArn,
    serviceName: service.serviceName,
    clusterArn: service.clusterArn,
    status: 'ACTIVE',
    desiredCount: service.desiredCount,
    runningCount: service.runningCount,
    pendingCount: service.pendingCount,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    taskDefinition: service.taskDefinition,
    schedulingStrategy: 'REPLICA',
    createdAt: service.createdAt,
    deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
    deploymentController: { type: 'ECS' },
    loadBalancers: [],
    serviceRegistries: [],
    propagateTags: 'NONE',
    enableECSManagedTags: false,
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ['subnet-0simulated00000'], securityGroups: ['sg-0simulated000000'], assignPublicIp: 'DISABLED' },
    },
    deployments: [
      {
        id: service.deployment.id,
        status: 'PRIMARY',
        taskDefinition: service.taskDefinition,
        desiredCount: service.desiredCount,
        pendingCount: service.pendingCount,
        runningCount: service.runningCount,
        failedTasks: service.deployment.failedTasks,
        createdAt: service.deployment.createdAt,
        updatedAt: service.deployment.updatedAt,
        launchType: 'FARGATE',
        platformVersion: '1.4.0',
        platformFamily: 'Linux',
        rolloutState: service.deployment.rolloutState,
        rolloutStateReason:
          service.deployment.rolloutState === 'COMPLETED' ? 'ECS deployment ecs-svc completed.' : 'ECS deployment ecs-svc in progress.',
      },
    ],
    events: service.events.map((e) => ({ ...e })),
    tags: withTags ? service.tags : undefined,
  };
}

export function createEcsApi(fleet: Fleet): ServiceApi {
  const { ecs } = fleet;

  function findByArn(region: string, arn: string | undefined): { tags: Array<{ key: string; value: string }> } {
    for (const cluster of ecs.clusters.values()) {
      if (cluster.region !== region) continue;
      for (const service of cluster.services.values()) if (service.serviceArn === arn) return service;
    }
    throw new SimError('InvalidParameterException', `The specified resource ARN is not valid or does not exist: ${arn ?? ''}`);
  }

  return {
    CreateCluster: op<CreateClusterCommandInput, CreateClusterCommandOutput>((input, call) => {
      const cluster = ecs.createCluster(call.region, input.clusterName);
      const services = [...cluster.services.values()];
      return {
        cluster: {
          clusterArn: cluster.clusterArn,
          clusterName: cluster.clusterName,
          status: 'ACTIVE',
          registeredContainerInstancesCount: 0,
          runningTasksCount: services.reduce((n, s) => n + s.runningCount, 0),
          pendingTasksCount: services.reduce((n, s) => n + s.pendingCount, 0),
          activeServicesCount: services.length,
          settings: [{ name: 'containerInsights', value: 'disabled' }],
        },
      };
    }),

    RegisterTaskDefinition: op<RegisterTaskDefinitionCommandInput, RegisterTaskDefinitionCommandOutput>((input, call) => ({
      taskDefinition: {
        taskDefinitionArn: `arn:aws:ecs:${call.region}:${fleet.ctx.accountId}:task-definition/${input.family ?? 'task'}:1`,
        family: input.family,
        revision: 1,
        status: 'ACTIVE',
        containerDefinitions: input.containerDefinitions,
      },
    })),

    CreateService: op<CreateServiceCommandInput, CreateServiceCommandOutput>((input, call) => {
      const cluster = ecs.cluster(call.region, input.cluster);
      const service = ecs.createService(cluster, {
        name: input.serviceName ?? '',
        desiredCount: input.desiredCount ?? 0,
        runningCount: 0,
        taskDefinition: input.taskDefinition,
        tags: (input.tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' })),
      });
      return { service: serviceShape(service, true) };
    }),

    DescribeServices: op<DescribeServicesCommandInput, DescribeServicesCommandOutput>((input, call) => {
      const cluster = ecs.cluster(call.region, input.cluster);
      const withTags = (input.include ?? []).includes('TAGS');
      const services: Service[] = [];
      const failures: Array<{ arn: string; reason: string }> = [];
      for (const name of input.services ?? []) {
        const service = ecs.service(cluster, name);
        if (service) services.push(serviceShape(service, withTags));
        else failures.push({ arn: name.startsWith('arn:') ? name : `arn:aws:ecs:${call.region}:${fleet.ctx.accountId}:service/${cluster.clusterName}/${name}`, reason: 'MISSING' });
      }
      return { services, failures };
    }),

    UpdateService: op<UpdateServiceCommandInput, UpdateServiceCommandOutput>((input, call) => {
      const cluster = ecs.cluster(call.region, input.cluster);
      const service = ecs.requireService(cluster, input.service);
      ecs.update(cluster, service, { desiredCount: input.desiredCount, taskDefinition: input.taskDefinition, forceNewDeployment: input.forceNewDeployment });
      return { service: serviceShape(service, true) };
    }),

    TagResource: op<TagResourceCommandInput, TagResourceCommandOutput>((input, call) => {
      const resource = findByArn(call.region, input.resourceArn);
      for (const tag of input.tags ?? []) {
        const existing = resource.tags.find((t) => t.key === tag.key);
        if (existing) existing.value = tag.value ?? '';
        else resource.tags.push({ key: tag.key ?? '', value: tag.value ?? '' });
      }
      return {};
    }),

    ListTagsForResource: op<ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput>((input, call) => ({
      tags: findByArn(call.region, input.resourceArn).tags.map((t) => ({ ...t })),
    })),
  };
}
