import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { WaitItem } from '../../contract/waits';

type Attributes = Record<string, AttributeValue>;

/** The scalar fields of a wait and how DynamoDB holds each; `observed` is a map of its own. */
const STRING_FIELDS = [
  'pk',
  'kind',
  'resource',
  'instanceId',
  'target',
  'token',
  'executionArn',
  'runId',
  'system',
  'step',
  'pending',
  'then',
  'expect',
  'outcome',
] as const;
const NUMBER_FIELDS = [
  'registeredAt',
  'deadline',
  'notBefore',
  'completedAt',
  'expiresAt',
] as const;

/** The attribute names a wait's fields are written under (all of them are plain identifiers). */
export const WAIT_FIELDS = [...STRING_FIELDS, ...NUMBER_FIELDS, 'observed'] as const;
export type WaitField = (typeof WAIT_FIELDS)[number];

/** One field's value as DynamoDB holds it; undefined for a field left out. */
export function encodeField(field: WaitField, value: unknown): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (field === 'observed') {
    const o = value as NonNullable<WaitItem['observed']>;
    return { M: { state: { S: o.state }, at: { N: String(o.at) }, by: { S: o.by } } };
  }
  return (NUMBER_FIELDS as readonly string[]).includes(field)
    ? { N: String(value) }
    : { S: String(value) };
}

/** A wait as PutItem takes it. */
export function encodeWait(wait: WaitItem): Attributes {
  const item: Attributes = {};
  for (const field of WAIT_FIELDS) {
    const value = encodeField(field, wait[field]);
    if (value) item[field] = value;
  }
  return item;
}

/** A wait as the table returns it. */
export function decodeWait(item: Attributes): WaitItem {
  const out: Record<string, unknown> = {};
  for (const field of STRING_FIELDS) {
    const value = item[field]?.S;
    if (value !== undefined) out[field] = value;
  }
  for (const field of NUMBER_FIELDS) {
    const value = item[field]?.N;
    if (value !== undefined) out[field] = Number(value);
  }
  const observed = item.observed?.M;
  if (observed) {
    out.observed = {
      state: observed.state?.S ?? '',
      at: Number(observed.at?.N ?? 0),
      by: observed.by?.S ?? 'event',
    };
  }
  return out as unknown as WaitItem;
}
