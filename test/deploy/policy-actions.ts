import type { Template } from 'aws-cdk-lib/assertions';

export interface PolicyStatementJson {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The statements of every managed policy in the template whose logical id starts with `idPrefix`. */
export function managedPolicyStatements(template: Template, idPrefix: string): PolicyStatementJson[] {
  const policies = template.findResources('AWS::IAM::ManagedPolicy');
  return Object.entries(policies)
    .filter(([id]) => id.startsWith(idPrefix))
    .flatMap(([, resource]) => asArray((resource as { Properties: { PolicyDocument: { Statement: PolicyStatementJson[] } } }).Properties.PolicyDocument.Statement));
}

export function actionsOf(statements: PolicyStatementJson[]): Set<string> {
  return new Set(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asArray(s.Action)));
}

/** Every action any IAM policy of the template allows: managed, inline and role default policies. */
export function everyAllowedAction(template: Template): string[] {
  const documents = [
    ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')),
    ...Object.values(template.findResources('AWS::IAM::Policy')),
  ].map((r) => (r as { Properties: { PolicyDocument: { Statement: PolicyStatementJson[] } } }).Properties.PolicyDocument);
  return documents.flatMap((d) => asArray(d.Statement)).flatMap((s) => asArray(s.Action));
}
