/** An AWS error answer: the code the SDK turns into the exception's name. */
export class SimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Query protocol's `<Type>`: the caller's fault (Sender) or AWS's (Receiver). */
    readonly faultType: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export function validationError(message: string): SimError {
  return new SimError('ValidationError', message);
}

export function requireField<T>(value: T | undefined | null, field: string, code = 'ValidationError'): T {
  if (value === undefined || value === null || value === '') {
    throw new SimError(code, `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}
