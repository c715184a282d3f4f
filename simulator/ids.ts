import { randomUUID } from 'node:crypto';

/** AWS-looking identifiers: hex ids for EC2 resources, UUIDs for tokens and request ids. */
export class IdGenerator {
  private counter = 0;

  /** e.g. hex('i') → i-0a1b2c3d4e5f60001: 17 hex digits like current EC2 ids, unique per simulator. */
  hex(prefix: string): string {
    this.counter += 1;
    const random = randomUUID().replace(/-/g, '').slice(0, 12);
    return `${prefix}-${random}${this.counter.toString(16).padStart(5, '0')}`;
  }

  uuid(): string {
    return randomUUID();
  }
}
