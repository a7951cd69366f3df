import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import 'aws-sdk-client-mock-jest';
import {
  BOT_TOKEN,
  createBotHarness,
  SIGNING_SECRET,
  type BotHarness,
} from '../helpers/bot-harness';

/** A cold start whose Secrets Manager stalls: this file's module registry is a fresh container. */
let bot: BotHarness;
beforeAll(async () => {
  bot = await createBotHarness(undefined, { secretStalls: true });
});
afterAll(() => bot.close());

const ephemeralText = (response: { body: string }) =>
  (JSON.parse(response.body) as { text: string }).text;

it('answers in time, doing nothing, while the Slack secret cannot be read; works once it can', async () => {
  const stalled = await bot.slash('stop');
  expect(stalled.statusCode).toBe(200);
  expect(ephemeralText(stalled)).toMatch(
    /could not read its Slack credentials in time .*nothing was done/,
  );
  expect(bot.sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  expect(bot.slack.calls).toEqual([]);

  bot.secrets.on(GetSecretValueCommand).resolves({
    SecretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }),
  });
  const recovered = await bot.slash('help');
  expect(ephemeralText(recovered)).toMatch(/\/webapp stop/);
});
