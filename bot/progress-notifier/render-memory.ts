import { createHash } from 'node:crypto';

/**
 * What this container last wrote per message: an identical render is skipped, and edits of one
 * message are spaced at least `minGapMs` apart (Slack allows about one chat.update per second).
 */
export class RenderMemory {
  private readonly last = new Map<string, { hash: string; at: number }>();

  constructor(private readonly minGapMs = 1_000) {}

  static hash(value: unknown): string {
    return createHash('sha256').update(JSON.stringify(value)).digest('hex');
  }

  isSame(key: string, hash: string): boolean {
    return this.last.get(key)?.hash === hash;
  }

  /** How long to wait before the next edit of this message may go out. */
  waitBefore(key: string, now: number): number {
    const at = this.last.get(key)?.at;
    return at === undefined ? 0 : Math.max(0, at + this.minGapMs - now);
  }

  remember(key: string, hash: string, at: number): void {
    this.last.set(key, { hash, at });
  }
}
