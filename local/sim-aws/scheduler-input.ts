import { parseScheduleExpression } from '../../contract/schedule-expression';
import { isTimeZone } from '../../contract/zoned-time';
import { SimApiError } from './errors';
import { InputReader } from './input';
import type { ScheduleRecord, ScheduleTargetRecord } from './state';

/** Schedule and group names: 1-64 letters, digits, `-`, `_` or `.`. */
const NAME = /^[0-9a-zA-Z_.-]{1,64}$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const QUEUE_ARN = /^arn:aws(-[a-z]+)?:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]+$/;
/** CreateSchedule refuses a recurring schedule whose StartDate is further back than this. */
const START_DATE_SLACK_MS = 5 * 60_000;

/** EventBridge Scheduler answers every bad request with a ValidationException. */
export function validation(message: string): SimApiError {
  return new SimApiError('scheduler', 'ValidationException', message);
}

/** A schedule or group name, checked as the service checks it. */
export function readName(input: InputReader, member: string): string {
  const name = input.string(member);
  if (!NAME.test(name)) {
    throw validation(
      `1 validation error detected: Value '${name}' at '${lowerFirst(member)}' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-zA-Z-_.]+ and length 1-64`,
    );
  }
  return name;
}

/** The members of CreateSchedule and UpdateSchedule a schedule is made of, validated. */
export type ScheduleFields = Omit<
  ScheduleRecord,
  'serial' | 'arn' | 'name' | 'groupName' | 'createdAt' | 'modifiedAt'
>;

/** Reads and checks a CreateSchedule / UpdateSchedule request (both send every member). */
export function readScheduleFields(input: InputReader, now: number): ScheduleFields {
  const expression = input.string('ScheduleExpression');
  const parsed = parseScheduleExpression(expression);
  if (typeof parsed === 'string') throw validation(`Invalid Schedule Expression ${parsed}`);
  const timeZone = input.optString('ScheduleExpressionTimezone');
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw validation(`Invalid ScheduleExpressionTimezone ${timeZone}`);
  }
  const startDate = input.optDate('StartDate')?.getTime();
  const endDate = input.optDate('EndDate')?.getTime();
  // A one-time schedule ignores both dates.
  if (parsed.kind !== 'at') {
    if (startDate !== undefined && startDate < now - START_DATE_SLACK_MS) {
      throw validation('The StartDate you specify cannot be earlier than 5 minutes ago.');
    }
    if (startDate !== undefined && endDate !== undefined && endDate <= startDate) {
      throw validation('The EndDate you specify must be after the StartDate.');
    }
  }
  const description = input.optString('Description');
  if (description !== undefined && description.length > 512) {
    throw validation('Description must be at most 512 characters');
  }
  return {
    expression,
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(startDate === undefined ? {} : { startDate }),
    ...(endDate === undefined ? {} : { endDate }),
    ...(description === undefined ? {} : { description }),
    state: oneOf(input, 'State', ['ENABLED', 'DISABLED'] as const) ?? 'ENABLED',
    flexibleTimeWindow: readWindow(input),
    actionAfterCompletion:
      oneOf(input, 'ActionAfterCompletion', ['NONE', 'DELETE'] as const) ?? 'NONE',
    ...optional('kmsKeyArn', input.optString('KmsKeyArn')),
    target: readTarget(input),
  };
}

function readWindow(input: InputReader): ScheduleRecord['flexibleTimeWindow'] {
  const record = input.optRecord('FlexibleTimeWindow');
  if (record === undefined) throw validation('FlexibleTimeWindow is required');
  const window = new InputReader('scheduler', record);
  const mode = oneOf(window, 'Mode', ['OFF', 'FLEXIBLE'] as const);
  const minutes = window.optNumber('MaximumWindowInMinutes');
  if (mode === undefined) throw validation('FlexibleTimeWindow.Mode is required');
  if (mode === 'OFF') return { Mode: mode, ...optional('MaximumWindowInMinutes', minutes) };
  if (minutes === undefined || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
    throw validation('MaximumWindowInMinutes must be 1 to 1440 when Mode is FLEXIBLE');
  }
  return { Mode: mode, MaximumWindowInMinutes: minutes };
}

function readTarget(input: InputReader): ScheduleTargetRecord {
  const record = input.optRecord('Target');
  if (record === undefined) throw validation('Target is required');
  const target = new InputReader('scheduler', record);
  const arn = target.string('Arn');
  const roleArn = target.string('RoleArn');
  if (!ROLE_ARN.test(roleArn)) throw validation(`Invalid RoleArn ${roleArn}`);
  const input_ = target.optString('Input');
  if (input_ !== undefined && (input_.length < 1 || input_.length > 8192)) {
    throw validation('Target Input must be 1 to 8192 characters');
  }
  const retry = target.optRecord('RetryPolicy');
  const deadLetter = target.optRecord('DeadLetterConfig');
  const deadLetterArn =
    deadLetter === undefined
      ? undefined
      : new InputReader('scheduler', deadLetter).optString('Arn');
  if (deadLetterArn !== undefined && !QUEUE_ARN.test(deadLetterArn)) {
    throw validation(`Invalid DeadLetterConfig Arn ${deadLetterArn}: it must be an SQS queue`);
  }
  return {
    Arn: arn,
    RoleArn: roleArn,
    ...optional('Input', input_),
    ...(retry === undefined ? {} : { RetryPolicy: readRetry(new InputReader('scheduler', retry)) }),
    ...(deadLetter === undefined ? {} : { DeadLetterConfig: optional('Arn', deadLetterArn) }),
  };
}

function readRetry(retry: InputReader): NonNullable<ScheduleTargetRecord['RetryPolicy']> {
  const attempts = retry.optNumber('MaximumRetryAttempts');
  const age = retry.optNumber('MaximumEventAgeInSeconds');
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 0 || attempts > 185)) {
    throw validation('MaximumRetryAttempts must be 0 to 185');
  }
  if (age !== undefined && (!Number.isInteger(age) || age < 60 || age > 86_400)) {
    throw validation('MaximumEventAgeInSeconds must be 60 to 86400');
  }
  return {
    ...optional('MaximumRetryAttempts', attempts),
    ...optional('MaximumEventAgeInSeconds', age),
  };
}

/** An enum member, or undefined when absent. */
function oneOf<T extends string>(
  input: InputReader,
  member: string,
  values: readonly T[],
): T | undefined {
  const value = input.optString(member);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw validation(`${member} must be one of ${values.join(', ')}, got ${value}`);
  }
  return value as T;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function lowerFirst(text: string): string {
  return text[0].toLowerCase() + text.slice(1);
}
