import { sqsRecordSchema } from './event-schemas';
import { MalformedEventError } from './parse-event';

/** An SQS record that has what routing needs: where it came from and its body. */
export interface SqsMessage {
  messageId: string;
  body: string;
  awsRegion: string;
}

/** One entry of a batch: a usable message, or why it is not one (messageId when it had one). */
export type SqsBatchEntry = { message: SqsMessage } | { messageId?: string; error: MalformedEventError };

/**
 * The entries of an SQS batch, or undefined when `event` is not one. A batch is a non-empty
 * `Records` array none of whose entries is another service's record (`aws:sns`, `aws:s3`), so
 * a null or half-formed record is a malformed entry of the batch rather than a crash, and
 * it never takes the good records down with it.
 */
export function sqsBatchEntries(event: unknown): SqsBatchEntry[] | undefined {
  const records = isRecord(event) ? event.Records : undefined;
  if (!Array.isArray(records) || records.length === 0) return undefined;
  // SNS writes `EventSource`, S3 and SQS `eventSource`.
  const sourceOf = (r: Record<string, unknown>) => r.eventSource ?? r.EventSource;
  const foreign = records.some((r) => isRecord(r) && typeof sourceOf(r) === 'string' && sourceOf(r) !== 'aws:sqs');
  if (foreign) return undefined;
  return records.map((record: unknown, index) => {
    const result = sqsRecordSchema.safeParse(record);
    if (result.success) {
      const { messageId, body, awsRegion } = result.data;
      return { message: { messageId, body, awsRegion } };
    }
    const messageId = isRecord(record) && typeof record.messageId === 'string' && record.messageId ? record.messageId : undefined;
    const issue = result.error.issues[0];
    const field = ['Records', index, ...(issue?.path ?? [])].map(String).join('.');
    const detail = isRecord(record) ? (issue?.message ?? 'invalid') : `not an SQS record (${record === null ? 'null' : typeof record})`;
    return { messageId, error: new MalformedEventError(messageId ?? `Records.${index}`, field, detail) };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
