import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { clockTime, formatDuration } from '../../bot/blocks/format';
import { parseConfig } from '../../config/load';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { SIMULATED_START } from '../../local/scaled-clock';
import type { SlackMessage } from '../../local/slack';
import { buttonValue } from '../../local/slack-user';
import { waitUntil } from '../../local/wait-until';
import { exampleConfig } from '../helpers/bot-harness';

const SPEED = 600;
let lm: LocalMode;
jest.setTimeout(60_000);
afterEach(() => lm.close());

async function start(approvalTimeoutSeconds = 3600) {
  const config = exampleConfig();
  // About the approval clock only: no schedules and no Aurora watch, whose hold windows a short
  // timeout would refuse.
  const systems = config.systems.map(({ auroraWatch: _watch, ...system }) => ({
    ...system,
    schedules: [],
  }));
  lm = await startLocalMode({
    config: parseConfig({ ...config, systems, slack: { ...config.slack, approvalTimeoutSeconds } }),
    speed: SPEED,
  });
}

const msOf = (ts: string) => Number(ts) * 1000;
const thread = (root: SlackMessage) => lm.slack.thread(lm.channel, root.ts);
const ofType = (root: SlackMessage, type: string) =>
  thread(root).find((m) => m.metadata?.event_type === type);

/** `/webapp stop`, up to the approval request. */
async function stopWaitingForApproval() {
  await lm.user.slash('U0REQUESTER', 'stop');
  const root = await waitUntil('the root message', () => lm.slack.messages(lm.channel)[0]);
  const approval = await waitUntil('the approval request', () =>
    ofType(root, 'webapp_chatops_approval'),
  );
  const execution = lm.sfn.listExecutions()[0];
  return { root, approval, execution };
}

describe('the local mode keeps one simulated clock', () => {
  it('Slack timestamps, the decision time, the run dates and its duration agree', async () => {
    const wallStart = Date.now();
    await start();
    const { root, approval, execution } = await stopWaitingForApproval();

    const clickedFrom = lm.clock.now();
    await lm.user.click('U0APPROVER', ACTION_IDS.approve, buttonValue(approval), approval);
    const clickedTo = lm.clock.now();
    await execution.done;
    const summary = await waitUntil('the summary', () => ofType(root, 'webapp_chatops_summary'));
    const stopDate = execution.stopDate ?? 0;

    // Message timestamps are simulated times, on the same clock as the run's dates.
    expect(msOf(root.ts)).toBeGreaterThanOrEqual(SIMULATED_START);
    expect(Math.abs(execution.startDate - msOf(root.ts))).toBeLessThan(60_000);
    expect(msOf(summary.ts)).toBeGreaterThanOrEqual(stopDate);
    // The run took minutes of simulated time in well under a minute of real time.
    expect(stopDate - execution.startDate).toBeGreaterThan(5 * 60_000);
    expect(Date.now() - wallStart).toBeLessThan(60_000);
    // The summary's duration is the run's, and the decision is stamped with the click's time.
    expect(summary.text).toContain(`in ${formatDuration(stopDate - execution.startDate)}`);
    const decided = thread(root).find((m) => m.ts === approval.ts)?.text ?? '';
    const approvedAt = /Approved by <@U0APPROVER> at (\d\d:\d\d UTC)/.exec(decided)?.[1];
    expect([clockTime(clickedFrom), clockTime(clickedTo)]).toContain(approvedAt);
  });

  it('an approval expires at the simulated time it names', async () => {
    await start(600);
    const { approval, execution } = await stopWaitingForApproval();
    const expiresAt = /Expires at (\d\d:\d\d UTC)/.exec(JSON.stringify(approval.blocks))?.[1];

    await execution.done;

    expect(execution.error).toBe('Jobnet.ApprovalExpired');
    expect(Math.abs((execution.stopDate ?? 0) - (msOf(approval.ts) + 600_000))).toBeLessThan(
      60_000,
    );
    expect([
      clockTime(execution.stopDate ?? 0),
      clockTime((execution.stopDate ?? 0) - 60_000),
    ]).toContain(expiresAt);
  });
});
