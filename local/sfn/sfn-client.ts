import { SFNClient, SFNServiceException, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { JobnetName } from '../../contract/jobnets';
import type { LocalExecution, LocalStepFunctions } from './local-step-functions';
import { namedError } from './named-error';

type Input = Record<string, unknown>;

/**
 * A real Step Functions SDK client whose commands the local runner answers, so the bot and the
 * progress notifier run unchanged against local executions. Errors arrive as the client's own
 * SFNServiceException with the service's error names.
 */
export function createLocalSfnClient(local: LocalStepFunctions, region = 'us-east-1'): SFNClient {
  const client = new SFNClient({
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const action = String(context.commandName).replace(/Command$/, '');
      try {
        const output = answer(local, action, args.input as Input);
        return { output: { $metadata: { httpStatusCode: 200 }, ...output }, response: {} };
      } catch (error) {
        const err = error as Error;
        throw new SFNServiceException({
          name: err.name,
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
          message: err.message,
        });
      }
    },
    { step: 'initialize', name: 'localStepFunctions' },
  );
  return client;
}

function answer(local: LocalStepFunctions, action: string, input: Input): Input {
  switch (action) {
    case 'StartExecution': {
      const execution = local.startExecution(jobnetOf(String(input.stateMachineArn)), {
        name: String(input.name),
        input: JSON.parse(String(input.input ?? '{}')),
      });
      return { executionArn: execution.executionArn, startDate: new Date(execution.startDate) };
    }
    case 'DescribeExecution':
      return describe(local, find(local, input.executionArn));
    case 'ListExecutions':
      return {
        executions: local
          .listExecutions(jobnetOf(String(input.stateMachineArn)))
          .filter((e) => !input.statusFilter || e.status === input.statusFilter)
          .reverse()
          .map((e) => ({
            executionArn: e.executionArn,
            stateMachineArn: local.stateMachineArn(e.jobnet),
            name: e.name,
            status: e.status,
            startDate: new Date(e.startDate),
          })),
      };
    case 'GetExecutionHistory': {
      const events = local.history(find(local, input.executionArn));
      return page(input.reverseOrder ? events.reverse() : events, input);
    }
    case 'SendTaskSuccess':
      local.tokens.sendTaskSuccess(
        String(input.taskToken),
        JSON.parse(String(input.output ?? '{}')),
      );
      return {};
    case 'SendTaskFailure':
      local.tokens.sendTaskFailure(
        String(input.taskToken),
        String(input.error ?? ''),
        String(input.cause ?? ''),
      );
      return {};
    case 'StopExecution': {
      const stopDate = local.stopExecution(String(input.executionArn), {
        ...(input.error !== undefined ? { error: String(input.error) } : {}),
        ...(input.cause !== undefined ? { cause: String(input.cause) } : {}),
      });
      return { stopDate: new Date(stopDate) };
    }
    case 'RedriveExecution': {
      const execution = local.redriveExecution(String(input.executionArn));
      return { redriveDate: new Date(execution.redriveDate ?? 0) };
    }
    default:
      throw namedError(
        'UnsupportedOperation',
        `The local Step Functions does not answer ${action}`,
      );
  }
}

/** One page of a list, as the service pages it: maxResults (default 100, at most 1000) at a time. */
function page(events: HistoryEvent[], input: Input): Input {
  const size = Math.min(Number(input.maxResults) || 100, 1000);
  const from = input.nextToken === undefined ? 0 : Number(input.nextToken);
  if (!Number.isInteger(from) || from < 0 || from > events.length)
    throw namedError('InvalidToken', `Invalid Token: '${String(input.nextToken)}'`);
  const next = from + size;
  return {
    events: events.slice(from, next),
    ...(next < events.length ? { nextToken: String(next) } : {}),
  };
}

function describe(local: LocalStepFunctions, e: LocalExecution): Input {
  return {
    executionArn: e.executionArn,
    stateMachineArn: local.stateMachineArn(e.jobnet),
    name: e.name,
    status: e.status,
    startDate: new Date(e.startDate),
    ...(e.stopDate ? { stopDate: new Date(e.stopDate) } : {}),
    input: JSON.stringify(e.input),
    ...(e.output !== undefined ? { output: JSON.stringify(e.output) } : {}),
    ...(e.error ? { error: e.error, cause: e.cause } : {}),
    redriveCount: e.redriveCount,
    ...(e.redriveDate !== undefined ? { redriveDate: new Date(e.redriveDate) } : {}),
    // Locally a failed run can always be rerun; the service also limits it to 14 days.
    redriveStatus: e.status === 'FAILED' ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
  };
}

function find(local: LocalStepFunctions, executionArn: unknown): LocalExecution {
  const execution = local.describeExecution(String(executionArn));
  if (!execution)
    throw namedError(
      'ExecutionDoesNotExist',
      `Execution Does Not Exist: '${String(executionArn)}'`,
    );
  return execution;
}

function jobnetOf(stateMachineArn: string): JobnetName {
  return stateMachineArn.endsWith('-start') ? 'start' : 'stop';
}
