import { checkAdvanceApproval } from '../../../bot/approval-requester/advance-approval';
import type { Firing, FiringKey } from '../../../bot/services/schedule-state';
import { JobnetErrors } from '../../../contract/errors';
import type { RunTrigger } from '../../../contract/run-trigger';
import { preparedRun } from '../../helpers/prepared-run';

const NOW = Date.parse('2026-12-02T13:05:00Z');
const run = { ...preparedRun('stop', { channel: 'C0EXAMPLE1' }), requestedBy: undefined };

const event = (
  policy: 'required' | 'unless-held' | 'preapproved',
): RunTrigger & { kind: 'event' } => ({
  kind: 'event',
  trigger: 'alarm-5xx',
  eventId: 'e-1',
  eventTime: '2026-12-02T13:01:00Z',
  source: 'aws.cloudwatch',
  detailType: 'CloudWatch Alarm State Change',
  policy,
});

/** The schedule state holding the given firing records (read by key, as DynamoDB would). */
function stateWith(...firings: Firing[]) {
  const asked: FiringKey[] = [];
  return {
    asked,
    firing: async (key: FiringKey) => {
      asked.push(key);
      return firings.find(
        (f) =>
          f.system === key.system && f.source === key.source && f.occurrence === key.occurrence,
      );
    },
    oneOff: async () => undefined,
  };
}

const recorded = (policy: Firing['policy'], runId = run.runId): Firing => ({
  system: 'shop',
  source: 'event:alarm-5xx',
  occurrence: 'e-1',
  status: 'started',
  claimedAt: NOW,
  policy,
  runId,
});

describe('an event-triggered run held to its firing record', () => {
  it('preapproved, recorded by the starter: approved by the trigger', async () => {
    const state = stateWith(recorded('preapproved'));
    await expect(
      checkAdvanceApproval(run, event('preapproved'), state, () => NOW),
    ).resolves.toEqual({
      approvedBy: 'trigger alarm-5xx',
      approvedAt: new Date(NOW).toISOString(),
      via: 'event',
      trigger: 'alarm-5xx',
      note: 'pre-approved by trigger alarm-5xx (event e-1)',
    });
    expect(state.asked).toEqual([{ system: 'shop', source: 'event:alarm-5xx', occurrence: 'e-1' }]);
  });

  it('required or unless-held, recorded: people still decide', async () => {
    for (const policy of ['required', 'unless-held'] as const) {
      const state = stateWith(recorded(policy));
      await expect(checkAdvanceApproval(run, event(policy), state, () => NOW)).resolves.toBe(
        undefined,
      );
    }
  });

  it('an input merely claiming the event approves nothing', async () => {
    const refused = (state: ReturnType<typeof stateWith>): Promise<unknown> =>
      checkAdvanceApproval(run, event('preapproved'), state, () => NOW).then(
        (approval) => approval,
        (e: Error) => [e.name, e.message],
      );
    expect(await refused(stateWith())).toEqual([
      JobnetErrors.approvalNotGranted,
      `Not approved in advance: no firing of event:alarm-5xx for event e-1 started run ${run.runId}`,
    ]);
    // The event fired another run, or with another policy.
    expect(await refused(stateWith(recorded('preapproved', 'stop-shop-other')))).toEqual([
      JobnetErrors.approvalNotGranted,
      expect.stringMatching(/no firing of event:alarm-5xx for event e-1 started run/),
    ]);
    expect(await refused(stateWith(recorded('required')))).toEqual([
      JobnetErrors.approvalNotGranted,
      'Not approved in advance: event:alarm-5xx fired with policy required, not preapproved',
    ]);
  });
});
