import type { GetCalendarStateResponse, GetDocumentResult } from '@aws-sdk/client-ssm';
import {
  calendarStateAt,
  CalendarDocumentError,
  validateCalendar,
  type CalendarStateName,
} from '../../contract/change-calendar';
import { invalidParameter, SimApiError } from './errors';
import type { InputReader } from './input';
import type { ActionHandler, CalendarRecord, SimState } from './state';

// SSM's document name rule; names starting aws/amazon/amzn are reserved for AWS's own.
const DOCUMENT_NAME = /^[a-zA-Z0-9_.-]{3,128}$/;
const RESERVED_PREFIX = /^(aws|amazon|amzn)/i;
const DOCUMENT_ARN = /^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):document\/(.+)$/;
// GetCalendarState takes ISO 8601; the AWS CLI example writes the offset without a colon.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Calendars changing back and forth are followed this many transitions for the combined one. */
const MAX_COMBINED_STEPS = 100;

/**
 * Adds a Change Calendar document (document type ChangeCalendar, format TEXT), as
 * CreateDocument would: a bad name or a document SSM would refuse throws.
 */
export function seedCalendar(s: SimState, name: string, content: string): void {
  if (!DOCUMENT_NAME.test(name) || RESERVED_PREFIX.test(name)) {
    throw new Error(`sim-aws: ${name} is not a name SSM allows for a document`);
  }
  if (s.calendars.has(name)) throw new Error(`sim-aws: document ${name} already exists`);
  const problems = validateCalendar(content);
  if (problems.length > 0) {
    throw new Error(`sim-aws: calendar ${name} is not a Change Calendar: ${problems.join('; ')}`);
  }
  s.calendars.set(name, { name, content, createdAt: s.now() });
}

function invalidDocument(nameOrArn: string): SimApiError {
  return new SimApiError('ssm', 'InvalidDocument', `Document ${nameOrArn} does not exist.`);
}

/** A calendar by name or by the ARN of a document in this account and region. */
function calendarNamed(s: SimState, nameOrArn: string): CalendarRecord {
  const arn = DOCUMENT_ARN.exec(nameOrArn);
  // Documents shared from other accounts are not simulated: such an ARN names nothing here.
  const name =
    arn === null ? nameOrArn : arn[1] === s.region && arn[2] === s.accountId ? arn[3] : '';
  const calendar = s.calendars.get(name);
  if (calendar === undefined) throw invalidDocument(nameOrArn);
  return calendar;
}

/** The time GetCalendarState answers with: UTC, to the second, as SSM writes it. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function readAtTime(s: SimState, input: InputReader): number {
  const atTime = input.optString('AtTime');
  if (atTime === undefined) return s.now();
  const ms = ISO_8601.test(atTime) ? Date.parse(atTime) : NaN;
  if (Number.isNaN(ms)) {
    throw invalidParameter('ssm', `AtTime ${atTime} is not an ISO 8601 date and time`);
  }
  return ms;
}

/** Each calendar's state at t; a document SSM cannot read answers UnsupportedCalendarException. */
function statesAt(calendars: CalendarRecord[], t: number) {
  return calendars.map((c) => {
    try {
      return calendarStateAt(c.content, new Date(t));
    } catch (error) {
      if (!(error instanceof CalendarDocumentError)) throw error;
      throw new SimApiError('ssm', 'UnsupportedCalendarException', `${c.name}: ${error.message}`);
    }
  });
}

function combinedAt(calendars: CalendarRecord[], t: number) {
  const states = statesAt(calendars, t);
  const state: CalendarStateName = states.some((c) => c.state === 'CLOSED') ? 'CLOSED' : 'OPEN';
  const times = states.flatMap((c) => c.nextTransitionTime?.getTime() ?? []);
  return { state, next: times.length > 0 ? Math.min(...times) : undefined };
}

/**
 * GetCalendarState: CLOSED if any of the calendars is, as SSM answers for several; the next
 * transition is the next time that combined state changes.
 */
const getCalendarState: ActionHandler = (s, input): GetCalendarStateResponse => {
  const names = input.optStrings('CalendarNames') ?? [];
  if (names.length === 0) throw invalidParameter('ssm', 'CalendarNames must name a calendar');
  const calendars = names.map((n) => calendarNamed(s, n));
  const at = readAtTime(s, input);
  const now = combinedAt(calendars, at);
  let next = now.next;
  for (let n = 0; next !== undefined && n < MAX_COMBINED_STEPS; n += 1) {
    const then = combinedAt(calendars, next);
    if (then.state !== now.state) break;
    next = then.next;
  }
  return {
    State: now.state,
    AtTime: isoSeconds(at),
    ...(next !== undefined && { NextTransitionTime: isoSeconds(next) }),
  };
};

/** GetDocument for the account's Change Calendars: their iCalendar text as stored. */
const getDocument: ActionHandler = (s, input): GetDocumentResult => {
  const calendar = calendarNamed(s, input.string('Name'));
  const version = input.optString('DocumentVersion');
  if (version !== undefined && !['1', '$LATEST', '$DEFAULT'].includes(version)) {
    throw new SimApiError(
      'ssm',
      'InvalidDocumentVersion',
      `Document ${calendar.name} has no version ${version}.`,
    );
  }
  const format = input.optString('DocumentFormat');
  if (format !== undefined && format !== 'TEXT') {
    throw invalidParameter(
      'ssm',
      `Change Calendar ${calendar.name} is stored as TEXT, not ${format}`,
    );
  }
  return {
    Name: calendar.name,
    CreatedDate: new Date(calendar.createdAt),
    DocumentVersion: '1',
    Status: 'Active',
    Content: calendar.content,
    DocumentType: 'ChangeCalendar',
    DocumentFormat: 'TEXT',
  };
};

/** The SSM Change Calendar actions the scheduled runs use. */
export const calendarActions: Record<string, ActionHandler> = {
  GetCalendarState: getCalendarState,
  GetDocument: getDocument,
};
