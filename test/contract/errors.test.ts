import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decisionAt, decisionOf, JOBNET_DECISIONS, JobnetErrors } from '../../contract/errors';
import { JOBNET_STEPS } from '../../contract/jobnet-steps';
import { JOBNETS, type JobnetName } from '../../contract/jobnets';

interface State {
  readonly Type: string;
  readonly Error?: string;
  readonly Retry?: readonly { ErrorEquals: string[] }[];
  readonly Catch?: readonly { ErrorEquals: string[]; Next: string }[];
  readonly Choices?: readonly { Next: string }[];
  readonly Default?: string;
  readonly Branches?: readonly Machine[];
  readonly ItemProcessor?: Machine;
  readonly Iterator?: Machine;
}
interface Machine {
  readonly States: Record<string, State>;
}

function definition(jobnet: JobnetName): Machine {
  const file = join(__dirname, '..', '..', 'statemachines', `${JOBNETS[jobnet]}.asl.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Machine;
}

/** Every state of a definition, nested ones (Parallel branches, Map bodies) included. */
function statesOf(machine: Machine): [string, State][] {
  return Object.entries(machine.States).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...[...(state.Branches ?? []), state.ItemProcessor ?? state.Iterator]
      .filter((m): m is Machine => m !== undefined)
      .flatMap(statesOf),
  ]);
}

const catalogue = new Set<string>(Object.values(JobnetErrors));

describe.each(Object.keys(JOBNETS) as JobnetName[])('the %s definition', (jobnet) => {
  const states = statesOf(definition(jobnet));

  it('names only errors of the catalogue (every Jobnet. name it retries, catches or ends with)', () => {
    const named = states.flatMap(([, state]) => [
      ...(state.Error ? [state.Error] : []),
      ...[...(state.Retry ?? []), ...(state.Catch ?? [])].flatMap((r) => r.ErrorEquals),
    ]);
    const ours = [...new Set(named.filter((name) => name.startsWith('Jobnet.')))];

    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((name) => !catalogue.has(name))).toEqual([]);
  });

  it('ends with a Fail state only on a decision, caught at the step the decision names', () => {
    const fails = states.filter(([, state]) => state.Type === 'Fail');

    expect(fails.length).toBeGreaterThan(0);
    for (const [name, state] of fails) {
      const decision = decisionOf(state.Error);
      expect({ state: name, error: state.Error, decision }).toEqual({
        state: name,
        error: state.Error,
        decision: expect.objectContaining({ outcome: expect.any(String) }),
      });
      // Caught straight into the Fail state, or into a Choice that may lead to it (an
      // unless-held schedule's window ending goes on instead of expiring).
      const choice = states.find(
        ([, s]) =>
          s.Type === 'Choice' && (s.Default === name || s.Choices?.some((c) => c.Next === name)),
      );
      const targets = [name, ...(choice ? [choice[0]] : [])];
      const catcher = states.find(([, s]) => s.Catch?.some((c) => targets.includes(c.Next)));
      expect(catcher?.[0]).toBe(decision?.step);
      // What the approval task fails with is what the fold reads as the decision.
      const caught = catcher?.[1].Catch?.find((c) => targets.includes(c.Next));
      expect(caught?.ErrorEquals).toEqual([decision?.caught]);
      expect(decisionAt(catcher?.[0] ?? '', decision?.caught)).toEqual(decision);
      expect(JOBNET_STEPS[jobnet].map((s) => s.name)).toContain(decision?.step);
    }
  });
});

describe('decisions', () => {
  it('are the four approval outcomes, and nothing a task raises', () => {
    expect(Object.keys(JOBNET_DECISIONS).sort()).toEqual([
      JobnetErrors.approvalExpired,
      JobnetErrors.approvalRejected,
      JobnetErrors.reopenExpired,
      JobnetErrors.reopenRejected,
    ]);
    for (const error of [
      JobnetErrors.commandFailed,
      JobnetErrors.awsUnavailable,
      'States.Timeout',
      'Slack.Unavailable',
      undefined,
    ]) {
      expect(decisionOf(error)).toBeUndefined();
    }
    expect(decisionAt('StopApache', JobnetErrors.approvalRejected)).toBeUndefined();
    expect(decisionAt('Approval', 'Slack.Unavailable')).toBeUndefined();
  });
});
