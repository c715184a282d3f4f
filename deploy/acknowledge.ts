import { Stack, Validations } from 'aws-cdk-lib';
import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * Records why a cdk-nag finding on `construct` is acceptable (cdk-nag 3 reads CDK's own
 * acknowledgements). `id` is the rule, or one finding of it: `AwsSolutions-IAM5[Resource::…]`.
 */
export function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct).acknowledge({ id, reason });
}

/** A statement whose wildcard resources carry the reason a reviewer reads next to the finding. */
export interface ReasonedStatement {
  statement: PolicyStatement;
  /** Required when a resource holds `*` or `?`: why no narrower resource exists. */
  wildcardReason?: string;
}

/**
 * Acknowledges cdk-nag's IAM5 finding for each wildcard resource, one by one (cdk-nag 3
 * has no blanket suppression), with its statement's reason. A wildcard without a reason is
 * a programming error here, so no finding is ever waved through unexplained.
 */
export function acknowledgeWildcardResources(policy: IConstruct, statements: ReasonedStatement[]): void {
  const stack = Stack.of(policy);
  for (const { statement, wildcardReason } of statements) {
    for (const resource of statement.resources) {
      const finding = nagForm(stack.resolve(resource));
      if (!/[*?]/.test(finding)) continue;
      if (!wildcardReason) throw new Error(`statement ${statement.sid ?? '(no sid)'}: wildcard resource ${finding} needs a reason`);
      acknowledge(policy, `AwsSolutions-IAM5[Resource::${finding}]`, wildcardReason);
    }
  }
}

/** How cdk-nag prints a resolved value: pseudo-parameters as `<AWS::Partition>`. */
function nagForm(value: unknown): string {
  if (typeof value === 'string') return value;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return `<${record.Ref}>`;
  const join = record['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map(nagForm).join(join[0]);
  return JSON.stringify(value);
}
