import { asSlackError, isSlackUnavailable } from '../../../bot/slack/slack-client';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { localClient } from '../../local/slack/client';

/** The errors a real WebClient throws, provoked at the local Slack, and how they are named. */
describe('Slack errors for the state machine', () => {
  let slack: LocalSlack;

  beforeEach(async () => {
    slack = await startLocalSlack();
  });

  afterEach(() => slack.close());

  const failure = (call: Promise<unknown>) => call.catch((e: unknown) => e);

  it('calls a 5xx answer, a rate limit and an unreachable Slack an outage', async () => {
    slack.failNext('chat.postMessage', { status: 500 });
    const http = await failure(
      localClient(slack).chat.postMessage({ channel: 'C0OPS', text: 'x' }),
    );
    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const limited = await failure(
      localClient(slack, { rejectRateLimitedCalls: true }).chat.postMessage({
        channel: 'C0OPS',
        text: 'x',
      }),
    );
    // Nothing listens on port 1: the connection is refused.
    const unreachable = await failure(
      localClient(slack, { slackApiUrl: 'http://127.0.0.1:1/api/' }).chat.postMessage({
        channel: 'C0OPS',
        text: 'x',
      }),
    );

    for (const error of [http, limited, unreachable]) {
      expect(isSlackUnavailable(error)).toBe(true);
      expect(asSlackError(error, 'post').name).toBe('Slack.Unavailable');
    }
  });

  it('calls an error Slack answers on purpose a failed request, not an outage', async () => {
    const refused = await failure(
      localClient(slack).chat.postMessage({ channel: 'C0OPS', text: '' }),
    );

    expect(isSlackUnavailable(refused)).toBe(false);
    const named = asSlackError(refused, 'post');
    expect(named.name).toBe('Slack.RequestFailed');
    expect(named.message).toBe('post: An API error occurred: no_text');
  });
});
