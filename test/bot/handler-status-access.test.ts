import { InvokeCommand } from '@aws-sdk/client-lambda';
import 'aws-sdk-client-mock-jest';
import { createBotHarness, exampleConfig, USERS, type BotHarness } from '../helpers/bot-harness';

/** A deployment that opens `/webapp status` to everyone in its channels. */
let bot: BotHarness;
beforeAll(async () => {
  const config = exampleConfig();
  bot = await createBotHarness({
    ...config,
    slack: { ...config.slack, statusAccess: 'channel' },
  });
});
afterAll(() => bot.close());

it('answers anyone in a configured channel when statusAccess is "channel"', async () => {
  const response = await bot.slash('status', { user: USERS.stranger });
  expect((JSON.parse(response.body) as { text: string }).text).toMatch(/Looking at every resource/);
  expect(bot.lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
});
