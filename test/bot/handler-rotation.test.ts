import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { signedFunctionUrlEvent, slashCommandBody } from '../../local/slack';
import { SLACK_SECRET_MAX_AGE_SECONDS } from '../../bot/slack/slack-secrets';
import {
  BOT_TOKEN,
  CHANNEL,
  createBotHarness,
  SIGNING_SECRET,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';

let bot: BotHarness;
beforeAll(async () => {
  bot = await createBotHarness();
});
afterAll(() => bot.close());
afterEach(() => jest.restoreAllMocks());

function help(signingSecret: string) {
  const body = slashCommandBody({
    command: '/webapp',
    text: 'help',
    userId: USERS.requester,
    channelId: CHANNEL,
    responseUrl: bot.slack.createResponseUrl(CHANNEL, USERS.requester),
    triggerId: 'trigger-help',
  });
  return bot.handler(signedFunctionUrlEvent(body, signingSecret));
}

describe('a rotated Slack secret', () => {
  it('takes effect once the read value is older than its maximum age, without a new container', async () => {
    // Prepare
    expect((await help(SIGNING_SECRET)).statusCode).toBe(200);
    bot.secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({
        botToken: BOT_TOKEN,
        signingSecret: 'rotated-signing-secret',
      }),
    });
    const still = await help(SIGNING_SECRET);
    const later = Date.now() + (SLACK_SECRET_MAX_AGE_SECONDS + 1) * 1000;
    jest.spyOn(Date, 'now').mockReturnValue(later);

    // Act
    const withOld = await help(SIGNING_SECRET);
    const withNew = await help('rotated-signing-secret');

    // Assess
    expect(still.statusCode).toBe(200);
    expect(withOld.statusCode).toBe(401);
    expect(withNew.statusCode).toBe(200);
  });
});
