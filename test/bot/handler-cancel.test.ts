import { InvokeCommand } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  StopExecutionCommand,
  type GetExecutionHistoryCommandInput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { WebClient } from '@slack/web-api';
import 'aws-sdk-client-mock-jest';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { cancelConfirmValue } from '../../bot/blocks/cancel';
import { RunLock } from '../../bot/services/run-lock';
import {
  handleCancel,
  type CancelCheckEvent,
  type CancelEvent,
} from '../../bot/status-responder/cancel-report';
import { postToResponseUrl } from '../../bot/status-responder/system-status';
import type { Observed } from '../../contract/plan';
import { LOCAL_RUN_LOCK_TABLE } from '../../local/local-dynamodb';
import { buttonValue } from '../../local/slack-user';
import {
  BOT_TOKEN,
  CHANNEL,
  createBotHarness,
  STATE_MACHINES,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';
import {
  aborted,
  APPROVAL_TOKEN,
  changingThings,
  entered,
  preparing,
  waitingForApproval,
} from '../helpers/cancel-history';

let bot: BotHarness;
let lock: RunLock;
beforeAll(async () => {
  bot = await createBotHarness();
  lock = new RunLock(bot.dynamodb.client(), LOCAL_RUN_LOCK_TABLE, async () => 'RUNNING');
});
afterAll(() => bot.close());
beforeEach(async () => {
  bot.slack.reset();
  bot.resetSfn();
  bot.lambda.reset();
  bot.logs.resetHistory();
  await bot.dynamodb.clearLocks();
});

const OBSERVED: Observed = {
  instances: [
    { id: 'i-0a1b2c3d4e5f60001', name: 'shop-web-1', state: 'stopped' },
    { id: 'i-0a1b2c3d4e5f60002', name: 'shop-web-2', state: 'running' },
  ],
  db: { id: 'shop-db', status: 'available' },
  maintenancePage: 'up',
  targets: [
    { id: 'i-0a1b2c3d4e5f60001', state: 'unused' },
    { id: 'i-0a1b2c3d4e5f60002', state: 'healthy' },
  ],
};

/**
 * A stop of shop asked for through the bot (lock, root message, StartExecution), then shown by
 * Step Functions as running with `events` as its history.
 */
async function runGoing(events: HistoryEvent[], input: Record<string, unknown> = {}) {
  await bot.slash('stop');
  const start = bot.sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
  const executionArn = `${STATE_MACHINES.stop.replace(':stateMachine:', ':execution:')}:${start.name}`;
  const runInput = { ...(JSON.parse(start.input ?? '{}') as object), ...input };
  bot.sfn.on(DescribeExecutionCommand).resolves({
    executionArn,
    stateMachineArn: STATE_MACHINES.stop,
    status: 'RUNNING',
    input: JSON.stringify(runInput),
    startDate: new Date(),
    redriveCount: 0,
  });
  history(events);
  const root = bot.slack.messages(CHANNEL)[0];
  return { executionArn, root };
}

/** The run's history as GetExecutionHistory pages it (first events, or the last one). */
function history(events: HistoryEvent[], last: HistoryEvent | undefined = events.at(-1)) {
  bot.sfn
    .on(GetExecutionHistoryCommand)
    .callsFake((input: GetExecutionHistoryCommandInput) =>
      input.reverseOrder ? { events: last ? [last] : [] } : { events },
    );
}

function invoked(): CancelEvent[] {
  return bot.lambda
    .commandCalls(InvokeCommand)
    .map((call) => JSON.parse(Buffer.from(call.args[0].input.Payload as Uint8Array).toString()));
}

const records = (action: string) => bot.auditRecords().filter((r) => r.action === action);
const lastEphemeral = (user: string) => bot.slack.ephemerals(CHANNEL, user).at(-1);

/** The status responder's answer to a cancel, posted by the real function. */
async function respond(event: CancelEvent) {
  await handleCancel(event, {
    sfn: new SFNClient({}),
    observe: async () => OBSERVED,
    post: postToResponseUrl,
    slack: async () => new WebClient(BOT_TOKEN, { slackApiUrl: bot.slack.apiUrl }),
    now: Date.now,
  });
}

/**
 * Confirm cancel clicked in a private prompt the user sees (as the status responder posts it),
 * with what the button would carry.
 */
async function confirm(
  executionArn: string,
  user: string,
  ref: { attempt?: number; shownAt?: number } = {},
) {
  await postToResponseUrl(bot.slack.createResponseUrl(CHANNEL, user), {
    response_type: 'ephemeral',
    text: 'Cancel the stop of shop?',
  });
  const prompt = lastEphemeral(user)!;
  return bot.click(
    ACTION_IDS.cancelConfirm,
    cancelConfirmValue({
      executionArn,
      attempt: ref.attempt ?? 0,
      shownAt: ref.shownAt ?? Date.now(),
    }),
    { user, messageTs: prompt.message_ts, ephemeral: true },
  );
}

describe('/webapp cancel before the run changed anything', () => {
  it('fails the waiting approval with its token: a rejection that names the canceller; the lock goes back', async () => {
    const { executionArn } = await runGoing(waitingForApproval);

    const answer = await bot.slashShown('cancel');

    expect(answer?.text).toBe('🛑 You cancelled the stop of `shop` before anything was changed.');
    expect(bot.sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: APPROVAL_TOKEN,
      error: 'Jobnet.ApprovalRejected',
      cause: expect.stringMatching(new RegExp(`^Cancelled by ${USERS.requester} at `)),
    });
    expect(bot.sfn).not.toHaveReceivedCommand(StopExecutionCommand);
    expect(await lock.read('shop')).toBeUndefined();
    expect(records('cancel')).toEqual([
      expect.objectContaining({
        outcome: 'cancelled',
        actor: { kind: 'person', id: USERS.requester },
        system: 'shop',
        jobnet: 'stop',
        executionArn,
        detail: { stage: 'awaiting-approval' },
      }),
    ]);
    expect(JSON.stringify(bot.auditRecords())).not.toContain(APPROVAL_TOKEN.slice(0, 40));
  });

  it('stops a run still preparing its plan (nothing changes before an approval)', async () => {
    await runGoing(preparing);
    await bot.slash('cancel shop', { user: USERS.approver });
    expect(bot.sfn).toHaveReceivedCommandWith(StopExecutionCommand, {
      error: 'Jobnet.Cancelled',
      cause: expect.stringMatching(new RegExp(`^Cancelled by ${USERS.approver} at `)),
    });
    expect(await lock.read('shop')).toBeUndefined();
  });

  it('does not stop a run approved in advance that is still preparing: it may change things at once', async () => {
    await runGoing(preparing, { trigger: { kind: 'schedule', policy: 'preapproved' } });
    await bot.slash('cancel');
    expect(bot.sfn).not.toHaveReceivedCommand(StopExecutionCommand);
    expect(invoked()).toEqual([expect.objectContaining({ kind: 'cancel-check' })]);
  });

  it('the Cancel button on the root message does the same, answered privately', async () => {
    const { root } = await runGoing(waitingForApproval);
    const value = buttonValue(root);
    expect(JSON.stringify(root.blocks)).toContain(ACTION_IDS.cancel);

    await bot.click(ACTION_IDS.cancel, value, { user: USERS.lead, messageTs: root.ts });

    expect(lastEphemeral(USERS.lead)?.text).toMatch(/You cancelled the stop of `shop`/);
    expect(bot.sfn).toHaveReceivedCommandTimes(SendTaskFailureCommand, 1);
  });

  it('an approval clicked just before the cancel wins: the person is then asked to confirm', async () => {
    await runGoing(waitingForApproval);
    bot.sfn.on(SendTaskFailureCommand).callsFake(() => {
      history(changingThings);
      throw new SFNServiceException({
        name: 'TaskTimedOut',
        $fault: 'client',
        $metadata: {},
        message: 'Task Timed Out',
      });
    });

    const answer = await bot.slashShown('cancel');

    expect(answer?.text).toMatch(/approved just before your cancel/);
    expect(invoked()).toEqual([expect.objectContaining({ kind: 'cancel-check' })]);
    expect(records('cancel')).toEqual([expect.objectContaining({ outcome: 'confirm-asked' })]);
  });
});

describe('/webapp cancel once the run is changing things', () => {
  it('stops nothing yet: the status responder shows every resource and asks to confirm', async () => {
    const { executionArn } = await runGoing(changingThings);

    const answer = await bot.slashShown('cancel');

    expect(answer?.text).toMatch(/has begun changing things, so nothing is stopped yet/);
    expect(bot.sfn).not.toHaveReceivedCommand(StopExecutionCommand);
    expect(bot.sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
    const [check] = invoked() as CancelCheckEvent[];
    expect(check).toMatchObject({ kind: 'cancel-check', executionArn, attempt: 0 });
    expect(check.responseUrl).toMatch(/^http/);
    expect(records('cancel')).toEqual([
      expect.objectContaining({ outcome: 'confirm-asked', executionArn }),
    ]);
    // The response URL is the confirm's way back, and never a record's.
    expect(JSON.stringify(bot.auditRecords())).not.toContain(check.responseUrl);

    await respond(check);
    const shown = lastEphemeral(USERS.requester)!;
    const text = JSON.stringify(shown.blocks);
    expect(text).toContain('Put up the maintenance page');
    expect(text).toContain('DB cluster* shop-db: available');
    expect(text).toContain(ACTION_IDS.cancelConfirm);
    expect(text).toContain(ACTION_IDS.cancelKeep);
  });

  it('Confirm cancel stops the run, gives the lock back and has the thread told where everything is', async () => {
    const { executionArn, root } = await runGoing(changingThings);
    await bot.slash('cancel');
    await respond(invoked()[0]);
    const shown = lastEphemeral(USERS.requester)!;
    bot.sfn.on(StopExecutionCommand).callsFake((input: { cause: string }) => {
      history(changingThings, aborted(9, input.cause));
      return { stopDate: new Date() };
    });

    await bot.click(ACTION_IDS.cancelConfirm, buttonValue(shown), {
      user: USERS.requester,
      messageTs: shown.message_ts,
      ephemeral: true,
    });

    expect(bot.sfn).toHaveReceivedCommandWith(StopExecutionCommand, {
      executionArn,
      error: 'Jobnet.Cancelled',
      cause: expect.stringMatching(new RegExp(`^Cancelled by ${USERS.requester} at `)),
    });
    expect(await lock.read('shop')).toBeUndefined();
    expect(lastEphemeral(USERS.requester)?.text).toMatch(
      /You cancelled the stop of `shop`: it stopped where it was. The thread will say/,
    );
    expect(records('cancel').map((r) => r.outcome)).toEqual(['confirm-asked', 'cancelled']);
    const report = invoked()[1];
    expect(report).toMatchObject({
      kind: 'cancel-report',
      executionArn,
      channel: CHANNEL,
      threadTs: root.ts,
      by: USERS.requester,
    });

    await respond(report);
    const [, posted] = bot.slack.thread(CHANNEL, root.ts);
    const lines = JSON.stringify(posted.blocks);
    expect(lines).toContain(`cancelled by <@${USERS.requester}>`);
    expect(lines).toContain('*Maintenance page*: up');
    expect(lines).toContain(
      'i-0a1b2c3d4e5f60001 (shop-web-1)*: instance stopped; Apache not running',
    );
    expect(lines).toContain(
      'i-0a1b2c3d4e5f60002 (shop-web-2)*: instance running; Apache as before',
    );
    expect(lines).toContain('*DB cluster* shop-db: available');
    expect(lines).toContain('`/webapp start shop` brings it back into service');
  });

  it('Keep running leaves the run alone', async () => {
    await runGoing(changingThings);
    await bot.slash('cancel');
    await respond(invoked()[0]);
    const shown = lastEphemeral(USERS.requester)!;
    const keep = (shown.blocks as { elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === ACTION_IDS.cancelKeep)!;

    await bot.click(ACTION_IDS.cancelKeep, keep.value ?? '', {
      user: USERS.requester,
      messageTs: shown.message_ts,
      ephemeral: true,
    });

    expect(lastEphemeral(USERS.requester)?.text).toBe('Kept running: nothing was cancelled.');
    expect(bot.sfn).not.toHaveReceivedCommand(StopExecutionCommand);
  });

  it('refuses a stale confirm: retried since, shown too long ago, or the run ended', async () => {
    const { executionArn } = await runGoing(changingThings);

    await confirm(executionArn, USERS.requester, { attempt: 1 });
    expect(lastEphemeral(USERS.requester)?.text).toMatch(/was retried since you were shown/);
    await confirm(executionArn, USERS.requester, { shownAt: Date.now() - 11 * 60_000 });
    expect(lastEphemeral(USERS.requester)?.text).toMatch(/more than 10 minutes old/);
    bot.sfn.on(DescribeExecutionCommand).resolves({
      executionArn,
      status: 'SUCCEEDED',
      input: '{"system":"shop"}',
      startDate: new Date(),
    });
    await confirm(executionArn, USERS.requester);
    expect(lastEphemeral(USERS.requester)?.text).toBe(
      'Nothing to cancel: the run already ended (succeeded).',
    );

    expect(bot.sfn).not.toHaveReceivedCommand(StopExecutionCommand);
    expect(records('refusal')).toHaveLength(3);
    expect(records('refusal')[0]).toMatchObject({
      detail: { refusal: 'not-waiting', command: 'cancel' },
      executionArn,
    });
  });

  it('two confirms at once: one stops the run, the other is told who did', async () => {
    const { executionArn } = await runGoing(changingThings);
    // Both saw the run running; Step Functions stopped it for the approver's click.
    history(changingThings, aborted(9, `Cancelled by ${USERS.approver} at 2025-11-29T22:05:00Z`));

    await Promise.all([confirm(executionArn, USERS.approver), confirm(executionArn, USERS.lead)]);

    expect(lastEphemeral(USERS.lead)?.text).toBe(
      `The stop of \`shop\` was already cancelled by <@${USERS.approver}>.`,
    );
    expect(lastEphemeral(USERS.approver)?.text).toMatch(/^🛑 You cancelled the stop of `shop`/);
    expect(records('cancel')).toEqual([
      expect.objectContaining({
        outcome: 'cancelled',
        actor: { kind: 'person', id: USERS.approver },
      }),
    ]);
  });

  it('a confirm racing the run’s own end stops nothing and says so', async () => {
    const { executionArn } = await runGoing(changingThings);
    history(changingThings, { id: 20, type: 'ExecutionSucceeded', timestamp: new Date() });

    await confirm(executionArn, USERS.requester);

    expect(lastEphemeral(USERS.requester)?.text).toBe(
      'The stop of `shop` ended on its own (succeeded) before your cancel reached it; nothing was stopped.',
    );
    expect(records('cancel')).toEqual([
      expect.objectContaining({
        outcome: 'cancel-failed',
        detail: { stage: 'confirmed', problem: 'the run had already ended (succeeded)' },
      }),
    ]);
    expect(invoked()).toEqual([]);
  });

  it('StopExecution throttled: the run goes on, the lock is kept, the cancel is recorded as failed', async () => {
    const { executionArn } = await runGoing(changingThings);
    bot.sfn.on(StopExecutionCommand).rejects(
      new SFNServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'Rate exceeded',
      }),
    );

    await confirm(executionArn, USERS.requester);

    expect(lastEphemeral(USERS.requester)?.text).toMatch(
      /^The run was not stopped: AWS is throttling requests \(ThrottlingException\)/,
    );
    expect(await lock.read('shop')).toMatchObject({ executionArn });
    expect(records('cancel')).toEqual([
      expect.objectContaining({
        outcome: 'cancel-failed',
        detail: expect.objectContaining({ stage: 'confirmed' }),
      }),
    ]);
  });
});

describe('cancel refusals', () => {
  it('refuses someone who is neither requester nor approver, privately, and records it', async () => {
    const { executionArn } = await runGoing(waitingForApproval);

    const answer = await bot.slash('cancel', { user: USERS.stranger });
    expect(JSON.parse(answer.body)).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only requesters and approvers may cancel runs.',
    });
    await confirm(executionArn, USERS.stranger);
    expect(lastEphemeral(USERS.stranger)?.text).toBe(
      'Only requesters and approvers may cancel runs.',
    );

    expect(bot.sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
    expect(bot.sfn).not.toHaveReceivedCommand(StopExecutionCommand);
    expect(records('refusal')).toEqual([
      expect.objectContaining({
        actor: { kind: 'person', id: USERS.stranger },
        system: 'shop',
        detail: { refusal: 'unauthorised', command: 'cancel' },
      }),
      expect.objectContaining({
        executionArn,
        detail: { refusal: 'unauthorised', command: 'cancel' },
      }),
    ]);
  });

  it('answers "nothing to cancel" when no run of the system is going', async () => {
    const answer = await bot.slash('cancel shop');
    expect(JSON.parse(answer.body).text).toBe('Nothing to cancel: no run of `shop` is going.');
    expect(records('refusal')).toEqual([
      expect.objectContaining({ detail: { refusal: 'not-waiting', command: 'cancel' } }),
    ]);
  });

  it('answers "nothing to cancel" when the approval was already rejected', async () => {
    await runGoing([
      ...waitingForApproval,
      {
        id: 6,
        previousEventId: 5,
        type: 'TaskFailed',
        timestamp: new Date(),
        taskFailedEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke.waitForTaskToken',
          error: 'Jobnet.ApprovalRejected',
          cause: 'Rejected by U0APPROVER at 2025-11-29T22:01:00Z',
        },
      },
      entered(7, 'Rejected', 'FailStateEntered'),
    ]);
    const answer = await bot.slash('cancel');
    expect(JSON.parse(answer.body).text).toMatch(/^Nothing to cancel: the approval of the stop/);
    expect(bot.sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
  });
});
