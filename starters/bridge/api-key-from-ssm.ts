/** Reads the Temporal Cloud API key from an SSM SecureString; the value is never logged. */
export async function readApiKeyFromSsm(parameterName: string): Promise<string> {
  // Loaded on first use: only containers configured for SSM pay for the SDK.
  const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
  const response = await new SSMClient({}).send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
  const value = response.Parameter?.Value;
  if (!value) throw new Error(`SSM parameter ${parameterName} has no value (TEMPORAL_API_KEY_SSM_PARAMETER)`);
  return value;
}
