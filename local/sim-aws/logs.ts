import type {
  FilterLogEventsResponse,
  FilteredLogEvent,
  PutLogEventsResponse,
  RejectedLogEventsInfo,
} from '@aws-sdk/client-cloudwatch-logs';
import { createHash } from 'node:crypto';
import { SimApiError, invalidParameter } from './errors';
import type { InputReader } from './input';
import { isRecord } from './input';
import { compileFilterPattern, FilterPatternError, type FilterMatcher } from './logs-filter';
import type { ActionHandler, LogGroupRecord, SimState, StoredLogEvent } from './state';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** PutLogEvents: at most this many events, and this many bytes (UTF-8 plus 26 per event). */
export const PUT_MAX_EVENTS = 10_000;
export const PUT_MAX_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
/** FilterLogEvents: the default and largest `limit`, and the most bytes of messages a page carries. */
const FILTER_MAX_LIMIT = 10_000;
const FILTER_MAX_BYTES = 1_048_576;
/**
 * How many stored events one FilterLogEvents call looks at. The service, too, searches a
 * bounded slice per call: a page may come back short, even empty, with a token to go on.
 */
export const FILTER_SCAN_PER_CALL = 5_000;
/** The service reads newest first (`startFromHead: false`) only from this time on. */
const NEWEST_FIRST_FROM = Date.UTC(2024, 0, 1);
const NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM = /^[^:*]{1,512}$/;

function notFound(what: 'log group' | 'log stream'): SimApiError {
  return new SimApiError(
    'logs',
    'ResourceNotFoundException',
    `The specified ${what} does not exist.`,
  );
}

function groupNamed(s: SimState, input: InputReader): LogGroupRecord {
  const group = s.logGroups.get(input.string('logGroupName'));
  if (!group) throw notFound('log group');
  return group;
}

function streamName(input: InputReader): string {
  const name = input.string('logStreamName');
  if (!STREAM.test(name)) throw invalidParameter('logs', 'logStreamName may not contain : or *');
  return name;
}

/** Adds a log group (CreateLogGroup, or the local mode seeding the audit group). */
export function createLogGroup(s: SimState, name: string): LogGroupRecord {
  if (!NAME.test(name)) {
    throw invalidParameter('logs', `logGroupName ${name} does not match ${NAME.source}`);
  }
  if (s.logGroups.has(name)) {
    throw new SimApiError(
      'logs',
      'ResourceAlreadyExistsException',
      'The specified log group already exists',
    );
  }
  const group: LogGroupRecord = {
    name,
    arn: `arn:aws:logs:${s.region}:${s.accountId}:log-group:${name}`,
    createdAt: s.now(),
    streams: new Map(),
    events: [],
  };
  s.logGroups.set(name, group);
  return group;
}

const createLogGroupAction: ActionHandler = (s, input) => {
  createLogGroup(s, input.string('logGroupName'));
  return {};
};

const deleteLogGroup: ActionHandler = (s, input) => {
  s.logGroups.delete(groupNamed(s, input).name);
  return {};
};

const putRetentionPolicy: ActionHandler = (s, input) => {
  const group = groupNamed(s, input);
  const days = input.optNumber('retentionInDays');
  if (days === undefined || !Number.isInteger(days) || days < 1) {
    throw invalidParameter('logs', 'retentionInDays must be a positive whole number of days');
  }
  group.retentionInDays = days;
  return {};
};

const createLogStream: ActionHandler = (s, input) => {
  const group = groupNamed(s, input);
  const name = streamName(input);
  if (group.streams.has(name)) {
    throw new SimApiError(
      'logs',
      'ResourceAlreadyExistsException',
      'The specified log stream already exists',
    );
  }
  group.streams.set(name, { name, createdAt: s.now() });
  return {};
};

/** Deletes the stream and its events, as the service does. */
const deleteLogStream: ActionHandler = (s, input) => {
  const group = groupNamed(s, input);
  const name = streamName(input);
  if (!group.streams.delete(name)) throw notFound('log stream');
  group.events = group.events.filter((e) => e.stream !== name);
  return {};
};

interface InputEvent {
  readonly timestamp: number;
  readonly message: string;
}

function readEvents(input: InputReader): InputEvent[] {
  const raw = input.optList('logEvents') ?? [];
  if (raw.length < 1 || raw.length > PUT_MAX_EVENTS) {
    throw invalidParameter('logs', `logEvents must hold 1 to ${PUT_MAX_EVENTS} events`);
  }
  let bytes = 0;
  const events = raw.map((e, i) => {
    const { timestamp, message } = e;
    if (typeof timestamp !== 'number' || !Number.isInteger(timestamp)) {
      throw invalidParameter('logs', `logEvents.${i + 1}.timestamp must be epoch milliseconds`);
    }
    if (typeof message !== 'string' || message.length === 0) {
      throw invalidParameter('logs', `logEvents.${i + 1}.message must be a non-empty string`);
    }
    bytes += Buffer.byteLength(message, 'utf8') + EVENT_OVERHEAD_BYTES;
    return { timestamp, message };
  });
  if (bytes > PUT_MAX_BYTES) {
    throw invalidParameter(
      'logs',
      `Upload too large: ${bytes} bytes exceeds limit of ${PUT_MAX_BYTES}`,
    );
  }
  for (let i = 1; i < events.length; i += 1) {
    if (events[i].timestamp < events[i - 1].timestamp) {
      throw invalidParameter(
        'logs',
        'Log events in a single PutLogEvents request must be in chronological order.',
      );
    }
  }
  if (events[events.length - 1].timestamp - events[0].timestamp > DAY_MS) {
    throw invalidParameter(
      'logs',
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    );
  }
  return events;
}

/** Index of the first stored event ordered after (timestamp, seq). */
function insertionIndex(events: readonly StoredLogEvent[], timestamp: number, seq: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = events[mid];
    if (e.timestamp < timestamp || (e.timestamp === timestamp && e.seq < seq)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Accepts the events a stream's writer sends, as the service does: the group and stream must
 * exist, the batch must be in time order, within 24 hours and the size limits; events older
 * than 14 days or the retention, or more than 2 hours ahead, are rejected (and said so), not
 * failed. The sequence token is ignored, as it is now by the service.
 */
const putLogEvents: ActionHandler = (s, input): PutLogEventsResponse => {
  const group = groupNamed(s, input);
  const stream = streamName(input);
  if (!group.streams.has(stream)) throw notFound('log stream');
  const events = readEvents(input);
  const now = s.now();
  const oldest = now - 14 * DAY_MS;
  const retained =
    group.retentionInDays === undefined ? -Infinity : now - group.retentionInDays * DAY_MS;
  const rejected: RejectedLogEventsInfo = {};
  events.forEach((event, i) => {
    if (event.timestamp < retained) rejected.expiredLogEventEndIndex = i + 1;
    else if (event.timestamp < oldest) rejected.tooOldLogEventEndIndex = i + 1;
    else if (event.timestamp > now + 2 * HOUR_MS) {
      rejected.tooNewLogEventStartIndex ??= i;
    } else {
      const seq = s.ids.next('log-event');
      const stored = {
        seq,
        timestamp: event.timestamp,
        ingestionTime: now,
        message: event.message,
        stream,
      };
      const at = insertionIndex(group.events, event.timestamp, seq);
      if (at === group.events.length) group.events.push(stored);
      else group.events.splice(at, 0, stored);
    }
  });
  return Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {};
};

/**
 * Adds events to a stream as if they had been written when they happened (the stream is made
 * if needed): how a test or a benchmark gives the account a year of records, which PutLogEvents
 * would refuse as too old. Not an API call.
 */
export function seedLogEvents(
  s: SimState,
  groupName: string,
  streamName: string,
  events: readonly { timestamp: number; message: string }[],
): void {
  const group = s.logGroups.get(groupName);
  if (!group) throw new Error(`sim-aws: no log group ${groupName}`);
  if (!group.streams.has(streamName)) {
    group.streams.set(streamName, { name: streamName, createdAt: events[0]?.timestamp ?? s.now() });
  }
  for (const event of events) {
    const seq = s.ids.next('log-event');
    const stored = { seq, ...event, ingestionTime: event.timestamp, stream: streamName };
    group.events.splice(insertionIndex(group.events, event.timestamp, seq), 0, stored);
  }
}

/** What a FilterLogEvents call asked, and the position its token continues from. */
interface FilterQuery {
  readonly group: LogGroupRecord;
  readonly from: number;
  readonly to: number;
  readonly forward: boolean;
  readonly streams?: ReadonlySet<string>;
  readonly streamPrefix?: string;
  readonly limit: number;
  readonly match: FilterMatcher;
  /** Ties a token to the query it came from. */
  readonly digest: string;
}

function groupOf(s: SimState, input: InputReader): LogGroupRecord {
  const name = input.optString('logGroupName');
  const identifier = input.optString('logGroupIdentifier');
  if ((name === undefined) === (identifier === undefined)) {
    throw invalidParameter('logs', 'Specify either logGroupName or logGroupIdentifier, not both');
  }
  const wanted =
    name ??
    (identifier ?? '').replace(/^arn:[^:]+:logs:[^:]*:\d*:log-group:/, '').replace(/:\*$/, '');
  const group = s.logGroups.get(wanted);
  if (!group) throw notFound('log group');
  return group;
}

function filterQuery(s: SimState, input: InputReader): FilterQuery {
  const group = groupOf(s, input);
  const names = input.optStrings('logStreamNames');
  const prefix = input.optString('logStreamNamePrefix');
  if (names !== undefined && prefix !== undefined) {
    throw invalidParameter(
      'logs',
      'logStreamNames and logStreamNamePrefix cannot both be specified',
    );
  }
  const limit = input.optNumber('limit') ?? FILTER_MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > FILTER_MAX_LIMIT) {
    throw invalidParameter('logs', `limit must be 1 to ${FILTER_MAX_LIMIT}`);
  }
  const start = input.optNumber('startTime');
  const end = input.optNumber('endTime');
  const forward = input.optBoolean('startFromHead') ?? true;
  if (!forward && (start === undefined || start < NEWEST_FIRST_FROM)) {
    throw invalidParameter('logs', 'startFromHead false needs a startTime on or after 2024-01-01');
  }
  const pattern = input.optString('filterPattern');
  let match: FilterMatcher;
  try {
    match = compileFilterPattern(pattern);
  } catch (error) {
    if (!(error instanceof FilterPatternError)) throw error;
    throw invalidParameter('logs', `Invalid filter pattern: ${error.message}`);
  }
  // Events past the retention are gone, whatever the query asks.
  const retained =
    group.retentionInDays === undefined ? -Infinity : s.now() - group.retentionInDays * DAY_MS;
  const digest = createHash('sha256')
    .update(JSON.stringify([group.name, start, end, forward, names, prefix, pattern]))
    .digest('hex')
    .slice(0, 16);
  return {
    group,
    from: Math.max(start ?? -Infinity, retained),
    to: end ?? Infinity,
    forward,
    ...(names ? { streams: new Set(names) } : {}),
    ...(prefix !== undefined ? { streamPrefix: prefix } : {}),
    limit,
    match,
    digest,
  };
}

/** A token: where the last call stopped, in the query's direction, bound to the query. */
function encodeToken(q: FilterQuery, after: StoredLogEvent): string {
  return Buffer.from(JSON.stringify([q.digest, after.timestamp, after.seq])).toString('base64url');
}

function decodeToken(q: FilterQuery, token: string): { timestamp: number; seq: number } {
  try {
    const [digest, timestamp, seq] = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    ) as unknown[];
    if (digest === q.digest && typeof timestamp === 'number' && typeof seq === 'number') {
      return { timestamp, seq };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw invalidParameter('logs', 'The specified nextToken is invalid.');
}

function jsonOf(event: StoredLogEvent): Record<string, unknown> | undefined {
  if (event.parsed === undefined) {
    try {
      const value: unknown = JSON.parse(event.message);
      event.parsed = isRecord(value) ? value : null;
    } catch {
      event.parsed = null;
    }
  }
  return event.parsed ?? undefined;
}

/**
 * Searches a group's events in a time range, oldest first or (startFromHead false) newest
 * first, with a filter pattern, `limit` matches a page. Like the service it looks at a bounded
 * slice per call and returns a token while the range goes on, so a page may be short or empty
 * before the last; the token holds the position, so events written meanwhile do not shift it.
 */
const filterLogEvents: ActionHandler = (s, input): FilterLogEventsResponse => {
  const q = filterQuery(s, input);
  const events = q.group.events;
  const token = input.optString('nextToken');
  const after = token === undefined ? undefined : decodeToken(q, token);
  // The index range of the time window, then where this page begins within it.
  const lo = insertionIndex(events, q.from, -Infinity);
  const hi = insertionIndex(events, q.to, Infinity);
  let i: number;
  if (q.forward)
    i = after ? Math.max(lo, insertionIndex(events, after.timestamp, after.seq + 1)) : lo;
  else i = after ? Math.min(hi, insertionIndex(events, after.timestamp, after.seq)) - 1 : hi - 1;
  const found: FilteredLogEvent[] = [];
  let bytes = 0;
  let scanned = 0;
  let last: StoredLogEvent | undefined;
  const inRange = () => (q.forward ? i < hi : i >= lo);
  while (inRange() && scanned < FILTER_SCAN_PER_CALL && found.length < q.limit) {
    const event = events[i];
    const stream = q.group.streams.has(event.stream);
    const wanted =
      stream &&
      (q.streams === undefined || q.streams.has(event.stream)) &&
      (q.streamPrefix === undefined || event.stream.startsWith(q.streamPrefix)) &&
      q.match({ message: event.message, json: () => jsonOf(event) });
    if (wanted) {
      const size = Buffer.byteLength(event.message, 'utf8');
      if (found.length > 0 && bytes + size > FILTER_MAX_BYTES) break;
      bytes += size;
      found.push({
        logStreamName: event.stream,
        timestamp: event.timestamp,
        ingestionTime: event.ingestionTime,
        message: event.message,
        eventId: String(event.seq).padStart(20, '0'),
      });
    }
    last = event;
    scanned += 1;
    i += q.forward ? 1 : -1;
  }
  return {
    events: found,
    ...(inRange() && last ? { nextToken: encodeToken(q, last) } : {}),
  };
};

/** The CloudWatch Logs actions: log groups, streams, PutLogEvents and FilterLogEvents. */
export const logsActions: Record<string, ActionHandler> = {
  CreateLogGroup: createLogGroupAction,
  DeleteLogGroup: deleteLogGroup,
  PutRetentionPolicy: putRetentionPolicy,
  CreateLogStream: createLogStream,
  DeleteLogStream: deleteLogStream,
  PutLogEvents: putLogEvents,
  FilterLogEvents: filterLogEvents,
};
