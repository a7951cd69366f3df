import type { GetCommandInvocationResult, SendCommandResult } from '@aws-sdk/client-ssm';
import { SimApiError } from './errors';
import type { InputReader } from './input';
import { runShellScript, type ShellHost } from './shell';
import { calendarActions } from './ssm-calendar';
import { invocationAt } from './ssm-invocation';
import { listCommandInvocations } from './ssm-list-invocations';
import type { ActionHandler, CommandRecord, InstanceRecord, SimState } from './state';

const MAX_INSTANCES = 50;
const DEFAULT_EXECUTION_TIMEOUT_S = 3600;
const DEFAULT_DELIVERY_TIMEOUT_S = 3600;

function ssmError(code: string, message: string): SimApiError {
  return new SimApiError('ssm', code, message);
}

/** SendCommand's members, checked against SSM's limits before anything is created. */
function readRequest(input: InputReader) {
  const documentName = input.string('DocumentName');
  if (documentName !== 'AWS-RunShellScript') {
    throw ssmError(
      'InvalidDocument',
      `sim-aws simulates only AWS-RunShellScript, not ${documentName}`,
    );
  }
  if (input.optList('Targets') !== undefined) {
    throw ssmError('ValidationException', 'sim-aws does not simulate Targets; pass InstanceIds');
  }
  const instanceIds = input.optStrings('InstanceIds') ?? [];
  if (instanceIds.length === 0 || instanceIds.length > MAX_INSTANCES) {
    throw ssmError('ValidationException', `InstanceIds must hold 1 to ${MAX_INSTANCES} ids`);
  }
  const timeoutSeconds = input.optNumber('TimeoutSeconds') ?? DEFAULT_DELIVERY_TIMEOUT_S;
  if (timeoutSeconds < 30 || timeoutSeconds > 2_592_000) {
    throw ssmError('ValidationException', 'TimeoutSeconds must be between 30 and 2592000');
  }
  const comment = input.optString('Comment') ?? '';
  if (comment.length > 100) {
    throw ssmError('ValidationException', 'Comment must be at most 100 characters');
  }
  return { documentName, instanceIds, timeoutSeconds, comment, ...readParameters(input) };
}

const sendCommand: ActionHandler = (s, input): SendCommandResult => {
  const request = readRequest(input);
  const { documentName, instanceIds, timeoutSeconds, comment, commands, parameters } = request;
  const { executionTimeoutSeconds } = request;
  const now = s.now();
  const instances = reachableInstances(s, instanceIds, now);
  const cmd: CommandRecord = {
    id: s.ids.nextUuid('command', 'a1b2c3d4'),
    sentAt: now,
    documentName,
    comment,
    instanceIds: instances.map((i) => i.id),
    invocations: new Map(),
  };
  for (const inst of instances) {
    const deliverAt = now + s.timings.commandDeliveryMs;
    const run = runShellScript(
      commands,
      deliverAt,
      deliverAt + executionTimeoutSeconds * 1000,
      hostFor(inst),
      s.timings,
    );
    cmd.invocations.set(inst.id, { instanceId: inst.id, deliverAt, ...run });
  }
  s.commands.set(cmd.id, cmd);
  return {
    Command: {
      CommandId: cmd.id,
      DocumentName: documentName,
      DocumentVersion: '$DEFAULT',
      Comment: comment,
      ExpiresAfter: new Date(now + (timeoutSeconds + executionTimeoutSeconds) * 1000),
      Parameters: parameters,
      InstanceIds: cmd.instanceIds,
      Targets: [],
      RequestedDateTime: new Date(now),
      Status: 'Pending',
      StatusDetails: 'Pending',
      OutputS3Region: s.region,
      OutputS3BucketName: '',
      OutputS3KeyPrefix: '',
      MaxConcurrency: '50',
      MaxErrors: '0',
      TargetCount: instances.length,
      CompletedCount: 0,
      ErrorCount: 0,
      DeliveryTimedOutCount: 0,
      ServiceRole: '',
      CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
      TimeoutSeconds: timeoutSeconds,
    },
  };
};

const DOCUMENT_PARAMETERS = new Set(['commands', 'workingDirectory', 'executionTimeout']);

/** AWS-RunShellScript's parameters: every value a list of strings, as the document declares. */
function readParameters(input: InputReader) {
  const parameters: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(input.optRecord('Parameters') ?? {})) {
    if (!DOCUMENT_PARAMETERS.has(name)) {
      throw ssmError(
        'InvalidParameters',
        `Parameter "${name}" is not defined by AWS-RunShellScript`,
      );
    }
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw ssmError('InvalidParameters', `Parameter "${name}" must be a list of strings`);
    }
    parameters[name] = value as string[];
  }
  const commands = parameters.commands ?? [];
  if (commands.length === 0) {
    throw ssmError('InvalidParameters', 'Parameter "commands" is required');
  }
  const timeout = parameters.executionTimeout ?? [String(DEFAULT_EXECUTION_TIMEOUT_S)];
  const seconds = timeout.length === 1 ? Number(timeout[0]) : NaN;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 172_800) {
    throw ssmError('InvalidParameters', 'Parameter "executionTimeout" must be 1 to 172800 seconds');
  }
  return { commands, executionTimeoutSeconds: seconds, parameters };
}

/** SSM refuses the whole request, creating nothing, if any target cannot take commands. */
function reachableInstances(s: SimState, ids: string[], now: number): InstanceRecord[] {
  const unique = [...new Set(ids)];
  const bad = unique.filter((id) => {
    const inst = s.instances.get(id);
    return inst === undefined || !inst.ssmOnline || inst.state.stateAt(now) !== 'running';
  });
  if (bad.length > 0) {
    throw ssmError(
      'InvalidInstanceId',
      `Instances [[${bad.join(', ')}]] not in a valid state for account ${s.accountId}`,
    );
  }
  return unique.map((id) => s.instances.get(id) as InstanceRecord);
}

/** Lets the script read and change Apache on this instance, and applies failCommands. */
function hostFor(inst: InstanceRecord): ShellHost {
  return {
    apacheAt: (t) => inst.apache.stateAt(t),
    setApache: (t, state) => inst.apache.schedule(t, state),
    // The most recent fault wins; String#search ignores a /g regexp's lastIndex.
    faultFor: (line) =>
      [...inst.commandFaults]
        .reverse()
        .find((f) => f.match === undefined || line.search(f.match) !== -1),
  };
}

const getCommandInvocation: ActionHandler = (s, input): GetCommandInvocationResult => {
  const commandId = input.string('CommandId');
  const instanceId = input.string('InstanceId');
  const plugin = input.optString('PluginName');
  if (plugin !== undefined && plugin !== 'aws:runShellScript') {
    throw ssmError('InvalidPluginName', `Plugin ${plugin} is not part of the command`);
  }
  const now = s.now();
  const cmd = s.commands.get(commandId);
  const inv = cmd?.invocations.get(instanceId);
  // Real SSM is eventually consistent: a poll right after SendCommand can miss the invocation.
  if (
    cmd === undefined ||
    inv === undefined ||
    now < cmd.sentAt + s.timings.invocationVisibleAfterMs
  ) {
    throw ssmError('InvocationDoesNotExist', 'InvocationDoesNotExist');
  }
  const inst = s.instances.get(instanceId) as InstanceRecord;
  return {
    CommandId: cmd.id,
    InstanceId: instanceId,
    Comment: cmd.comment,
    DocumentName: cmd.documentName,
    ...invocationAt(inst, cmd, inv, now),
  };
};

/** The SSM actions: Run Command for the jobnet, Change Calendar for the scheduled runs. */
export const ssmActions: Record<string, ActionHandler> = {
  SendCommand: sendCommand,
  GetCommandInvocation: getCommandInvocation,
  ListCommandInvocations: listCommandInvocations,
  ...calendarActions,
};
