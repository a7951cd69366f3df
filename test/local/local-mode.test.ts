import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { parseConfig } from '../../config/load';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { buttonValue } from '../../local/slack-user';
import { waitUntil } from '../../local/wait-until';
import { exampleConfig } from '../helpers/bot-harness';

let lm: LocalMode;
jest.setTimeout(30_000);

beforeEach(async () => {
  lm = await startLocalMode({ config: parseConfig(exampleConfig()), speed: 300 });
});
afterEach(() => lm.close());

describe('local mode', () => {
  it('releases the run lock of the system when its execution ends, as the status change does on AWS', async () => {
    await lm.user.slash('U0REQUESTER', 'stop');
    const root = await waitUntil('the root message', () => lm.slack.messages(lm.channel)[0]);
    const approval = await waitUntil('the approval request', () =>
      lm.slack
        .thread(lm.channel, root.ts)
        .find((m) => m.metadata?.event_type === 'webapp_chatops_approval'),
    );
    const execution = await waitUntil('the execution', () => lm.sfn.listExecutions().at(-1));
    const holder = {
      system: lm.system.name,
      executionArn: execution.executionArn,
      jobnet: 'stop',
      requestedBy: 'U0REQUESTER',
    };
    expect(await lm.runLock.acquire(holder)).toEqual({ acquired: true });

    await lm.user.click('U0APPROVER', ACTION_IDS.reject, buttonValue(approval), approval);
    await execution.done;
    await waitUntil('the summary', () =>
      lm.slack
        .thread(lm.channel, root.ts)
        .find((m) => m.metadata?.event_type === 'webapp_chatops_summary'),
    );
    await lm.progressIdle();

    expect(await lm.runLock.read(lm.system.name)).toBeUndefined();
  });
});
