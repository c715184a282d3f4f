import type { RequestContext } from '../fleet/context';

/** An SDK command output without the metadata the client adds itself. */
export type Out<T> = Omit<T, '$metadata'>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationHandler = (input: any, call: RequestContext) => unknown;

export type ServiceApi = Record<string, OperationHandler>;

/** Types one operation against the SDK's own input and output shapes. */
export function op<I, O>(handler: (input: I, call: RequestContext) => Out<O>): OperationHandler {
  return handler as OperationHandler;
}
