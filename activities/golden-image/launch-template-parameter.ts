import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { ApplicationFailure } from '@temporalio/common';
import type { AwsClientsForRegion } from '../aws-clients';
import { awsErrorName, rethrowClassified } from '../aws-errors';

const LAUNCH_TEMPLATE_ID = /^lt-[0-9a-f]{8,17}$/;

export function createLaunchTemplateParameterActivities(clientsFor: AwsClientsForRegion) {
  return {
    /** Reads the launch template id the stack published in Parameter Store. */
    async readLaunchTemplateId(region: string, parameterName: string): Promise<string> {
      let value: string | undefined;
      try {
        const out = await clientsFor(region).ssm.send(
          new GetParameterCommand({ Name: parameterName, WithDecryption: true }),
        );
        value = out.Parameter?.Value?.trim();
      } catch (err) {
        if (awsErrorName(err) === 'ParameterNotFound') {
          throw ApplicationFailure.nonRetryable(
            `SSM parameter ${parameterName} (settings.launchTemplateIdParameter) does not exist in ${region}`,
            'ParameterNotFound',
          );
        }
        return rethrowClassified(err, `GetParameter ${parameterName}`);
      }
      if (!value || !LAUNCH_TEMPLATE_ID.test(value)) {
        throw ApplicationFailure.nonRetryable(
          `SSM parameter ${parameterName} in ${region} does not hold a launch template id (lt-…)`,
          'InvalidLaunchTemplateIdParameter',
        );
      }
      return value;
    },
  };
}
