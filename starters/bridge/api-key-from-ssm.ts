import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/** Reads the Temporal Cloud API key from an SSM SecureString; the value is never logged. */
export async function readApiKeyFromSsm(parameterName: string, client = new SSMClient({})): Promise<string> {
  const response = await client.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
  const value = response.Parameter?.Value;
  if (!value) throw new Error(`SSM parameter ${parameterName} has no value (TEMPORAL_API_KEY_SSM_PARAMETER)`);
  return value;
}
