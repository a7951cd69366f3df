import type {
  CommandInvocation,
  CommandPlugin,
  ListCommandInvocationsResult,
} from '@aws-sdk/client-ssm';
import { SimApiError } from './errors';
import type { InputReader } from './input';
import { invocationAt } from './ssm-invocation';
import type { ActionHandler, CommandRecord, InstanceRecord, InvocationRecord } from './state';

const MAX_RESULTS = 50;
/** ListCommandInvocations' plugin Output holds the first 2,500 characters. */
const PLUGIN_OUTPUT_CAP = 2_500;
const FILTER_KEYS = ['InvokedAfter', 'InvokedBefore', 'Status', 'ExecutionStage', 'DocumentName'];
const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled']);

interface Entry {
  readonly cmd: CommandRecord;
  readonly inv: InvocationRecord;
  readonly inst: InstanceRecord;
}

function ssmError(code: string, message: string): SimApiError {
  return new SimApiError('ssm', code, message);
}

/** The request's filters as one predicate over an invocation at time t. */
function readFilters(input: InputReader, t: number): (e: Entry) => boolean {
  const tests = (input.optList('Filters') ?? []).map(({ key, value }) => {
    if (typeof key !== 'string' || !FILTER_KEYS.includes(key)) {
      throw ssmError('InvalidFilterKey', `Filter key ${String(key)} is not supported`);
    }
    if (typeof value !== 'string' || value === '') {
      throw ssmError('ValidationException', `Filter ${key} needs a value`);
    }
    if (key === 'InvokedAfter' || key === 'InvokedBefore') {
      const at = Date.parse(value);
      if (Number.isNaN(at)) {
        throw ssmError(
          'InvalidFilterValue',
          `${value} is not a timestamp (e.g. 2024-07-07T00:00:00Z)`,
        );
      }
      return key === 'InvokedAfter'
        ? (e: Entry) => e.cmd.sentAt >= at
        : (e: Entry) => e.cmd.sentAt <= at;
    }
    if (key === 'DocumentName') return (e: Entry) => e.cmd.documentName === value;
    const status = (e: Entry) => String(invocationAt(e.inst, e.cmd, e.inv, t).Status);
    if (key === 'Status') return (e: Entry) => status(e) === value;
    if (value !== 'Executing' && value !== 'Complete') {
      throw ssmError('InvalidFilterValue', 'ExecutionStage is Executing or Complete');
    }
    return (e: Entry) => TERMINAL.has(status(e)) === (value === 'Complete');
  });
  return (e) => tests.every((test) => test(e));
}

/**
 * Where a page ends: the last invocation handed out. Commands sent meanwhile are newer, so
 * they sort before it and the next page goes on where this one stopped.
 */
function tokenFor(e: Entry): string {
  return Buffer.from(JSON.stringify([e.cmd.id, e.inst.id])).toString('base64url');
}

/** The index of the first entry after the token's. */
function pageStart(entries: readonly Entry[], token: string | undefined): number {
  if (token === undefined) return 0;
  const index = entries.findIndex((e) => tokenFor(e) === token);
  if (index === -1) throw ssmError('InvalidNextToken', 'The specified token is not valid');
  return index + 1;
}

/** Newest command first; a command's invocations in the order its instances were named. */
function byNewest(a: Entry, b: Entry): number {
  return b.cmd.sentAt - a.cmd.sentAt || (a.cmd.id < b.cmd.id ? 1 : a.cmd.id > b.cmd.id ? -1 : 0);
}

function pluginView(e: Entry, t: number): CommandPlugin {
  const view = invocationAt(e.inst, e.cmd, e.inv, t);
  const stderr = view.StandardErrorContent ?? '';
  const output = `${view.StandardOutputContent ?? ''}${stderr ? `\n----------ERROR-------\n${stderr}` : ''}`;
  return {
    Name: 'aws:runShellScript',
    // The simulation never has a plugin Cancelling, the one invocation status plugins lack.
    Status: view.Status as CommandPlugin['Status'],
    StatusDetails: view.StatusDetails,
    ResponseCode: view.ResponseCode,
    ...(view.ExecutionStartDateTime
      ? { ResponseStartDateTime: new Date(view.ExecutionStartDateTime) }
      : {}),
    ...(view.ExecutionEndDateTime
      ? { ResponseFinishDateTime: new Date(view.ExecutionEndDateTime) }
      : {}),
    Output: output.slice(0, PLUGIN_OUTPUT_CAP),
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    OutputS3Region: '',
    OutputS3BucketName: '',
    OutputS3KeyPrefix: '',
  };
}

function invocationView(e: Entry, t: number, details: boolean): CommandInvocation {
  const view = invocationAt(e.inst, e.cmd, e.inv, t);
  return {
    CommandId: e.cmd.id,
    InstanceId: e.inst.id,
    InstanceName: '',
    Comment: e.cmd.comment,
    DocumentName: e.cmd.documentName,
    DocumentVersion: '$DEFAULT',
    RequestedDateTime: new Date(e.cmd.sentAt),
    Status: view.Status,
    StatusDetails: view.StatusDetails,
    TraceOutput: '',
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    CommandPlugins: details ? [pluginView(e, t)] : [],
    ServiceRole: '',
    NotificationConfig: { NotificationArn: '', NotificationEvents: [] },
    CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
  };
}

/**
 * ListCommandInvocations: by CommandId and/or InstanceId, with Filters (InvokedAfter and
 * InvokedBefore as ISO 8601 timestamps, Status, ExecutionStage, DocumentName), newest first,
 * MaxResults (1-50, default 50) a page and NextToken to go on; Details adds the plugin with its
 * response code and output. Like GetCommandInvocation, a just-sent command is not yet listed.
 */
export const listCommandInvocations: ActionHandler = (s, input): ListCommandInvocationsResult => {
  const now = s.now();
  const commandId = input.optString('CommandId');
  const instanceId = input.optString('InstanceId');
  if (instanceId !== undefined && !/^(i-(\w{8}|\w{17})|mi-\w{17})$/.test(instanceId)) {
    throw ssmError('InvalidInstanceId', `Instance ${instanceId} is not a valid instance id`);
  }
  if (commandId !== undefined && commandId.length !== 36) {
    throw ssmError('InvalidCommandId', `Command ${commandId} is not a valid command id`);
  }
  const maxResults = input.optNumber('MaxResults') ?? MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
    throw ssmError(
      'ValidationException',
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_RESULTS}`,
    );
  }
  const matches = readFilters(input, now);
  const entries = [...s.commands.values()]
    .filter((cmd) => commandId === undefined || cmd.id === commandId)
    .filter((cmd) => now >= cmd.sentAt + s.timings.invocationVisibleAfterMs)
    .flatMap((cmd) =>
      [...cmd.invocations.values()].map((inv) => ({
        cmd,
        inv,
        inst: s.instances.get(inv.instanceId) as InstanceRecord,
      })),
    )
    .filter((e) => instanceId === undefined || e.inst.id === instanceId)
    .filter(matches)
    .sort(byNewest);
  const start = pageStart(entries, input.optString('NextToken'));
  const page = entries.slice(start, start + maxResults);
  const details = input.optBoolean('Details') ?? false;
  const last = page.at(-1);
  return {
    CommandInvocations: page.map((e) => invocationView(e, now, details)),
    ...(last !== undefined && start + page.length < entries.length
      ? { NextToken: tokenFor(last) }
      : {}),
  };
};
