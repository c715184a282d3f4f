import * as autoScalingSdk from '@aws-sdk/client-auto-scaling';
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as snsSdk from '@aws-sdk/client-sns';
import type { StaticOperationSchema } from '@smithy/types';
import { XMLBuilder } from 'fast-xml-parser';
import { queryOutputTree, type QueryDialect } from './query-codec';
import { SimError } from './errors';

export type ServiceName = 'autoscaling' | 'ec2' | 'sns' | 'ecs' | 'ssm';

interface QueryService {
  protocol: 'query';
  dialect: QueryDialect;
  xmlns: string;
  sdk: Record<string, unknown>;
}

interface JsonService {
  protocol: 'json';
  targetPrefix: string;
}

const AUTO_SCALING: QueryService = { protocol: 'query', dialect: 'awsQuery', xmlns: 'http://autoscaling.amazonaws.com/doc/2011-01-01/', sdk: autoScalingSdk };

export const SERVICES: Record<ServiceName, QueryService | JsonService> = {
  autoscaling: AUTO_SCALING,
  ec2: { protocol: 'query', dialect: 'ec2Query', xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/', sdk: ec2Sdk },
  sns: { protocol: 'query', dialect: 'awsQuery', xmlns: 'http://sns.amazonaws.com/doc/2010-03-31/', sdk: snsSdk },
  ecs: { protocol: 'json', targetPrefix: 'AmazonEC2ContainerServiceV20141113' },
  ssm: { protocol: 'json', targetPrefix: 'AmazonSSM' },
};

/** The SDK's schema for a query-protocol operation, when the service has one by that name. */
export function operationSchema(service: QueryService, action: string): StaticOperationSchema | undefined {
  const schema = service.sdk[`${action}$`];
  return Array.isArray(schema) && schema[0] === 9 ? (schema as unknown as StaticOperationSchema) : undefined;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

function xml(tree: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(tree) as string}`;
}

export function querySuccess(service: QueryService, action: string, schema: StaticOperationSchema, output: unknown, requestId: string): WireResponse {
  const members = queryOutputTree(schema, (output ?? {}) as Record<string, unknown>, service.dialect);
  const tree =
    service.dialect === 'ec2Query'
      ? { [`${action}Response`]: { '@_xmlns': service.xmlns, requestId, ...members } }
      : {
          [`${action}Response`]: {
            '@_xmlns': service.xmlns,
            [`${action}Result`]: members,
            ResponseMetadata: { RequestId: requestId },
          },
        };
  return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId }, body: xml(tree) };
}

export function queryError(service: QueryService, err: SimError, requestId: string): WireResponse {
  const tree =
    service.dialect === 'ec2Query'
      ? { Response: { Errors: { Error: { Code: err.code, Message: err.message } }, RequestID: requestId } }
      : {
          ErrorResponse: {
            '@_xmlns': service.xmlns,
            Error: { Type: err.faultType, Code: err.code, Message: err.message },
            RequestId: requestId,
          },
        };
  return { status: err.status, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId }, body: xml(tree) };
}

/** A query call no service claims: answered in the common awsQuery error format. */
export function unclaimedQueryError(err: SimError, requestId: string): WireResponse {
  return queryError(AUTO_SCALING, err, requestId);
}

/** JSON 1.1 timestamps are epoch seconds. */
function epochSeconds(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(epochSeconds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, epochSeconds(v)]));
  }
  return value;
}

export function jsonSuccess(output: unknown, requestId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
    body: JSON.stringify(epochSeconds(output ?? {})),
  };
}

export function jsonError(err: SimError, requestId: string): WireResponse {
  return {
    status: err.status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}

export function unknownOperation(service: ServiceName, operation: string): SimError {
  return SERVICES[service].protocol === 'json'
    ? new SimError('UnknownOperationException', `The fleet simulator does not implement ${service}:${operation}`)
    : new SimError('InvalidAction', `The action ${operation} is not valid for this web service (the fleet simulator does not implement it).`);
}
