import aslValidator from 'asl-validator';
import { localSubstitutions } from '../../local/local-functions';
import {
  FUNCTION_PLACEHOLDERS,
  loadDefinition,
  placeholdersOf,
  readDefinitionText,
  renderDefinition,
} from '../../statemachines/definitions';
import { JOBNETS, type JobnetName } from '../../contract/jobnets';

const jobnets = Object.keys(JOBNETS) as JobnetName[];
const substitutions = localSubstitutions('us-east-1', '123456789012', {
  approvalTimeoutSeconds: 900,
});

interface State {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Next?: string;
  Default?: string;
  Choices?: { Next: string }[];
  Parameters?: { FunctionName?: string; Payload?: Record<string, unknown> };
  Catch?: { ErrorEquals: string[]; Next: string }[];
  ItemProcessor?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
}

function tasks(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [[name, state] as [string, State]] : []),
    ...(state.ItemProcessor ? tasks(state.ItemProcessor.States) : []),
    ...(state.Branches ?? []).flatMap((branch) => tasks(branch.States)),
  ]);
}

describe.each(jobnets)('%s definition', (jobnet) => {
  const rendered = loadDefinition(jobnet, substitutions);
  const definition = JSON.parse(rendered) as { StartAt: string; States: Record<string, State> };

  it('passes asl-validator with path and ARN checks', () => {
    // asl-validator mutates its input, so it gets its own copy.
    const result = aslValidator(JSON.parse(rendered), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('has every placeholder substituted', () => {
    expect(placeholdersOf(readDefinitionText(jobnet)).length).toBeGreaterThan(0);
    expect(rendered).not.toMatch(/\$\{/);
  });

  it('starts with Prepare, then the approval gate', () => {
    expect(definition.StartAt).toBe('Prepare');
    const approval = definition.States.Approval;
    expect(approval.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    // The wait is the run's own: the configured approval timeout, or a schedule's hold window.
    expect(approval.TimeoutSecondsPath).toBe('$.approvalTimeoutSeconds');
    expect(approval.Catch?.map((c) => [c.ErrorEquals, c.Next])).toEqual([
      [['Jobnet.ApprovalRejected'], 'Rejected'],
      [['States.Timeout'], 'ApprovalWindowEnded'],
    ]);
    const ended = definition.States.ApprovalWindowEnded;
    expect(ended.Default).toBe('Expired');
    expect(ended.Choices?.map((c) => c.Next)).toEqual(['NoObjectionToTrigger', 'NoObjection']);
    expect(definition.States.NoObjection.Next).toBe(approval.Next);
    expect(definition.States.NoObjectionToTrigger.Next).toBe(approval.Next);
  });

  it('bounds every task with a timeout (the interpreter default would be 60 s, the service a year)', () => {
    for (const [name, state] of tasks(definition.States)) {
      const bound = state.TimeoutSecondsPath ? 'path' : typeof state.TimeoutSeconds;
      expect([name, bound]).toEqual([name, state.TimeoutSecondsPath ? 'path' : 'number']);
      if (state.TimeoutSecondsPath) {
        // The local runner reads a path timeout from the payload (its handlers see only the
        // Parameters), so the payload must carry the same path; the input schema bounds it.
        const payload = state.Parameters?.Payload;
        expect([name, payload?.['timeoutSeconds.$']]).toEqual([name, state.TimeoutSecondsPath]);
        // An approval's, or a wait's: a timeout of the input (bounded by its schema) or one
        // Prepare derived from it (a command's and the health wait's margins).
        expect([name, state.TimeoutSecondsPath]).toEqual([
          name,
          expect.stringMatching(
            /^\$\.(approvalTimeoutSeconds|timeouts\.[a-zA-Z]+Seconds|commandWaitSeconds|healthWaitSeconds)$/,
          ),
        ]);
      }
    }
  });

  it('names the run in every task function payload, so the function logs with its keys', () => {
    // Every function but the approval requester's (whose payload is the run itself).
    const invokes = tasks(definition.States).filter(
      ([, state]) =>
        (state.Resource ?? '').startsWith('arn:aws:states:::lambda:invoke') &&
        !String(state.Parameters?.FunctionName).includes('RequestApproval') &&
        !String(state.Parameters?.FunctionName).includes('request-approval'),
    );
    expect(invokes.length).toBeGreaterThan(4);
    for (const [name, state] of invokes) {
      const payload = state.Parameters?.Payload ?? {};
      // Prepare gets the input as given: it is the step that validates runId and system.
      const run = name === 'Prepare' ? {} : { 'runId.$': '$.runId', 'system.$': '$.system' };
      expect(payload).toMatchObject({
        step: name,
        'executionArn.$': '$$.Execution.Id',
        ...run,
      });
    }
  });

  it('invokes only functions named through placeholders', () => {
    const functionArns = tasks(definition.States)
      .map(([, state]) => state.Parameters?.FunctionName)
      .filter((arn): arn is string => arn !== undefined);
    const known = Object.keys(FUNCTION_PLACEHOLDERS).map((p) => substitutions[p]);
    expect(functionArns.every((arn) => known.includes(arn))).toBe(true);
  });
});

describe('renderDefinition', () => {
  it('refuses to leave a placeholder without a value', () => {
    expect(() => renderDefinition('{"a": "${Missing}"}', {})).toThrow('Missing');
  });

  it('turns numeric placeholders into JSON numbers and rejects non-numbers', () => {
    expect(
      renderDefinition('{"t": "${ApprovalTimeoutSeconds}"}', { ApprovalTimeoutSeconds: 60 }),
    ).toBe('{"t": 60}');
    expect(() =>
      renderDefinition('{"t": "${ApprovalTimeoutSeconds}"}', { ApprovalTimeoutSeconds: 'soon' }),
    ).toThrow('positive whole number');
  });

  it('splices string placeholders inside strings', () => {
    expect(renderDefinition('{"a": "arn:${Partition}:x"}', { Partition: 'aws' })).toBe(
      '{"a": "arn:aws:x"}',
    );
  });
});
