import type {
  CreateScheduleGroupOutput,
  CreateScheduleOutput,
  GetScheduleGroupOutput,
  GetScheduleOutput,
  ListScheduleGroupsOutput,
  ListSchedulesOutput,
  UpdateScheduleOutput,
} from '@aws-sdk/client-scheduler';
import { SimApiError } from './errors';
import type { InputReader } from './input';
import { readName, readScheduleFields, validation } from './scheduler-input';
import type { ActionHandler, ScheduleGroupRecord, ScheduleRecord, SimState } from './state';

/** The group a schedule is in when the request names none; every account has it. */
export const DEFAULT_GROUP = 'default';
const PAGE_MAX = 100;

function notFound(what: string): SimApiError {
  return new SimApiError('scheduler', 'ResourceNotFoundException', `${what} does not exist.`, 404);
}

function conflict(what: string): SimApiError {
  return new SimApiError('scheduler', 'ConflictException', `${what} already exists.`, 409);
}

function arnPrefix(s: SimState): string {
  return `arn:aws:scheduler:${s.region}:${s.accountId}`;
}

/** The account's groups, the default one always among them. */
function groups(s: SimState): Map<string, ScheduleGroupRecord> {
  if (!s.scheduleGroups.has(DEFAULT_GROUP)) {
    s.scheduleGroups.set(DEFAULT_GROUP, {
      name: DEFAULT_GROUP,
      arn: `${arnPrefix(s)}:schedule-group/${DEFAULT_GROUP}`,
      createdAt: s.now(),
      modifiedAt: s.now(),
    });
  }
  return s.scheduleGroups;
}

function existingGroup(s: SimState, name: string): ScheduleGroupRecord {
  const group = groups(s).get(name);
  if (group === undefined) throw notFound(`Schedule group ${name}`);
  return group;
}

/** The key of a schedule in SimState.schedules. */
export function scheduleKey(groupName: string, name: string): string {
  return `${groupName}/${name}`;
}

function target(input: InputReader): { name: string; groupName: string } {
  const name = readName(input, 'Name');
  const groupName =
    input.optString('GroupName') === undefined ? DEFAULT_GROUP : readName(input, 'GroupName');
  return { name, groupName };
}

function existingSchedule(s: SimState, input: InputReader): ScheduleRecord {
  const { name, groupName } = target(input);
  existingGroup(s, groupName);
  const schedule = s.schedules.get(scheduleKey(groupName, name));
  if (schedule === undefined) throw notFound(`Schedule ${name}`);
  return schedule;
}

/** Tells the listeners (a runner) that the schedules changed. */
function changed(s: SimState): void {
  for (const listener of [...s.scheduleListeners]) listener();
}

const createScheduleGroup: ActionHandler = (s, input): CreateScheduleGroupOutput => {
  const name = readName(input, 'Name');
  if (groups(s).has(name)) throw conflict(`Schedule group ${name}`);
  const arn = `${arnPrefix(s)}:schedule-group/${name}`;
  s.scheduleGroups.set(name, { name, arn, createdAt: s.now(), modifiedAt: s.now() });
  return { ScheduleGroupArn: arn };
};

function groupView(group: ScheduleGroupRecord): GetScheduleGroupOutput {
  return {
    Arn: group.arn,
    Name: group.name,
    State: 'ACTIVE',
    CreationDate: new Date(group.createdAt),
    LastModificationDate: new Date(group.modifiedAt),
  };
}

const getScheduleGroup: ActionHandler = (s, input): GetScheduleGroupOutput =>
  groupView(existingGroup(s, readName(input, 'Name')));

const listScheduleGroups: ActionHandler = (s, input): ListScheduleGroupsOutput => {
  const prefix = input.optString('NamePrefix') ?? '';
  const all = [...groups(s).values()].filter((g) => g.name.startsWith(prefix));
  const { items, next } = page(all, input);
  return { ScheduleGroups: items.map(groupView), ...next };
};

/** Deletes the group and every schedule in it (the service does so asynchronously). */
const deleteScheduleGroup: ActionHandler = (s, input) => {
  const name = readName(input, 'Name');
  if (name === DEFAULT_GROUP) throw validation('The default schedule group cannot be deleted.');
  existingGroup(s, name);
  s.scheduleGroups.delete(name);
  for (const [key, schedule] of s.schedules) {
    if (schedule.groupName === name) s.schedules.delete(key);
  }
  changed(s);
  return {};
};

const createSchedule: ActionHandler = (s, input): CreateScheduleOutput => {
  const { name, groupName } = target(input);
  existingGroup(s, groupName);
  const fields = readScheduleFields(input, s.now());
  const key = scheduleKey(groupName, name);
  if (s.schedules.has(key)) throw conflict(`Schedule ${name}`);
  const arn = `${arnPrefix(s)}:schedule/${groupName}/${name}`;
  const serial = s.ids.next('schedule');
  const now = s.now();
  s.schedules.set(key, {
    serial,
    arn,
    name,
    groupName,
    ...fields,
    createdAt: now,
    modifiedAt: now,
  });
  changed(s);
  return { ScheduleArn: arn };
};

/** Replaces every member, as the service does: a member left out is reset, not kept. */
const updateSchedule: ActionHandler = (s, input): UpdateScheduleOutput => {
  const existing = existingSchedule(s, input);
  const fields = readScheduleFields(input, s.now());
  const { serial, arn, name, groupName, createdAt } = existing;
  s.schedules.set(scheduleKey(groupName, name), {
    serial,
    arn,
    name,
    groupName,
    ...fields,
    createdAt,
    modifiedAt: s.now(),
  });
  changed(s);
  return { ScheduleArn: arn };
};

const deleteSchedule: ActionHandler = (s, input) => {
  const schedule = existingSchedule(s, input);
  s.schedules.delete(scheduleKey(schedule.groupName, schedule.name));
  changed(s);
  return {};
};

/** GetSchedule's answer for a schedule. */
export function scheduleView(r: ScheduleRecord): GetScheduleOutput {
  return {
    Arn: r.arn,
    GroupName: r.groupName,
    Name: r.name,
    ScheduleExpression: r.expression,
    ...(r.startDate === undefined ? {} : { StartDate: new Date(r.startDate) }),
    ...(r.endDate === undefined ? {} : { EndDate: new Date(r.endDate) }),
    ...(r.description === undefined ? {} : { Description: r.description }),
    ...(r.timeZone === undefined ? {} : { ScheduleExpressionTimezone: r.timeZone }),
    State: r.state,
    CreationDate: new Date(r.createdAt),
    LastModificationDate: new Date(r.modifiedAt),
    ...(r.kmsKeyArn === undefined ? {} : { KmsKeyArn: r.kmsKeyArn }),
    Target: r.target,
    FlexibleTimeWindow: r.flexibleTimeWindow,
    ActionAfterCompletion: r.actionAfterCompletion,
  };
}

const getSchedule: ActionHandler = (s, input): GetScheduleOutput =>
  scheduleView(existingSchedule(s, input));

const listSchedules: ActionHandler = (s, input): ListSchedulesOutput => {
  const groupName = input.optString('GroupName');
  if (groupName !== undefined) existingGroup(s, groupName);
  const prefix = input.optString('NamePrefix') ?? '';
  const state = input.optString('State');
  const all = [...s.schedules.values()].filter(
    (r) =>
      (groupName === undefined || r.groupName === groupName) &&
      r.name.startsWith(prefix) &&
      (state === undefined || r.state === state),
  );
  const { items, next } = page(all, input);
  return {
    Schedules: items.map((r) => ({
      Arn: r.arn,
      Name: r.name,
      GroupName: r.groupName,
      State: r.state,
      CreationDate: new Date(r.createdAt),
      LastModificationDate: new Date(r.modifiedAt),
      Target: { Arn: r.target.Arn },
    })),
    ...next,
  };
};

/** One page of a listing; the token is the offset of the next page. */
function page<T>(all: T[], input: InputReader): { items: T[]; next: { NextToken?: string } } {
  const max = input.optNumber('MaxResults') ?? PAGE_MAX;
  if (!Number.isInteger(max) || max < 1 || max > PAGE_MAX) {
    throw validation(`MaxResults must be 1 to ${PAGE_MAX}`);
  }
  const token = input.optString('NextToken');
  const from = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(from) || from < 0) throw validation('Invalid NextToken');
  const items = all.slice(from, from + max);
  return {
    items,
    next: from + max < all.length ? { NextToken: String(from + max) } : {},
  };
}

/**
 * The service's own deletion of a one-time schedule with ActionAfterCompletion DELETE once it
 * has invoked its target: not an API call, so neither recorded nor subject to injected faults.
 * Only the schedule that fired is deleted, not one created again under its name since.
 */
export function completeSchedule(s: SimState, serial: number): boolean {
  for (const [key, schedule] of s.schedules) {
    if (schedule.serial === serial) {
      s.schedules.delete(key);
      changed(s);
      return true;
    }
  }
  return false;
}

/** The EventBridge Scheduler actions: schedule groups and schedules. */
export const schedulerActions: Record<string, ActionHandler> = {
  CreateScheduleGroup: createScheduleGroup,
  GetScheduleGroup: getScheduleGroup,
  ListScheduleGroups: listScheduleGroups,
  DeleteScheduleGroup: deleteScheduleGroup,
  CreateSchedule: createSchedule,
  GetSchedule: getSchedule,
  UpdateSchedule: updateSchedule,
  DeleteSchedule: deleteSchedule,
  ListSchedules: listSchedules,
};
