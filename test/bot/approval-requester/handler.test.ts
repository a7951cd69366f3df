import { makeHandler } from '../../../bot/approval-requester/handler';
import { createSlackClient } from '../../../bot/slack/slack-client';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { createPowertools } from '../../../observability/powertools';
import { preparedRun, personRunOnly } from '../../helpers/prepared-run';
import { captureOutput, powertoolsOutputOn } from '../../helpers/powertools-output';

const CHANNEL = 'C0EXAMPLE1';
const BOT_TOKEN = 'xoxb-approval-test';
const TASK_TOKEN = `AQCEAAAAKgAAAA${'t0k3n'.repeat(300)}`;
const executionArn =
  'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-start:start-shop-20261129T2200-0123abcd';

let slack: LocalSlack;
let restoreEnv: () => void;
beforeEach(async () => {
  slack = await startLocalSlack({ botToken: BOT_TOKEN });
  restoreEnv = powertoolsOutputOn();
});
afterEach(async () => {
  restoreEnv();
  await slack.close();
});

describe('the approval requester Lambda handler', () => {
  it('logs the request with the run keys and never the task token or the bot token', async () => {
    // Prepare
    const tools = createPowertools();
    const client = createSlackClient(
      BOT_TOKEN,
      { ...tools, functionName: 'approval-requester' },
      slack.apiUrl,
    );
    const handler = makeHandler(
      { slack: async () => client, now: Date.now, ...personRunOnly },
      tools,
    );
    const event = {
      taskToken: TASK_TOKEN,
      executionArn,
      timeoutSeconds: 3600,
      stage: 'reopen' as const,
      run: preparedRun('start', { channel: CHANNEL }),
    };
    const output = captureOutput();

    // Act
    const posted = await handler(event);
    output.restore();

    // Assess
    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'Approval requested',
        executionArn,
        runId: 'start-shop-20261129T2200-0123abcd',
        system: 'shop',
        jobnet: 'start',
        step: 'ApproveReopen',
        slackChannel: CHANNEL,
        slackTs: posted.ts,
      }),
    ]);
    expect(output.text()).not.toContain(TASK_TOKEN.slice(0, 40));
    expect(output.text()).not.toContain(BOT_TOKEN);
  });

  it('logs a failure with the run keys, still without the task token', async () => {
    // Prepare
    const tools = createPowertools();
    const handler = makeHandler(
      {
        slack: async () => {
          throw new Error('Slack secret needs both "botToken" and "signingSecret"');
        },
        now: Date.now,
        ...personRunOnly,
      },
      tools,
    );
    const output = captureOutput();

    // Act
    await expect(
      handler({
        taskToken: TASK_TOKEN,
        executionArn,
        timeoutSeconds: 3600,
        run: preparedRun('stop', { channel: CHANNEL }),
      }),
    ).rejects.toThrow('needs both');
    output.restore();

    // Assess
    expect(output.logs()).toEqual([
      expect.objectContaining({ level: 'ERROR', step: 'Approval', executionArn }),
    ]);
    expect(output.text()).not.toContain(TASK_TOKEN.slice(0, 40));
  });
});
