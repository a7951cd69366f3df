/**
 * Deterministic identifiers: one counter per kind, so two runs of the same scenario produce
 * the same ids and a test or a benchmark printout can name them.
 */
export class IdSource {
  private readonly counters = new Map<string, number>();

  /** The next number (1, 2, ...) for `kind`. */
  next(kind: string): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n;
  }

  /** The next number for `kind` as `width` lower-case hex digits. */
  nextHex(kind: string, width: number): string {
    return this.next(kind).toString(16).padStart(width, '0');
  }

  /** A UUID-shaped id (version-4 layout) whose last group counts up. */
  nextUuid(kind: string, prefix: string): string {
    return `${prefix}-0000-4000-8000-${this.nextHex(kind, 12)}`;
  }
}

/** `arn:aws:ec2:<region>:<account>:instance/<id>`, as AWS Backup expects it. */
export function instanceArn(region: string, accountId: string, instanceId: string): string {
  return `arn:aws:ec2:${region}:${accountId}:instance/${instanceId}`;
}

/** `arn:aws:rds:<region>:<account>:cluster:<id>`. */
export function clusterArn(region: string, accountId: string, clusterId: string): string {
  return `arn:aws:rds:${region}:${accountId}:cluster:${clusterId}`;
}

/** The common prefix of every ELBv2 ARN in the account. */
export function elbArnPrefix(region: string, accountId: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${accountId}`;
}
