import { startLocalSlack, type LocalSlack } from '../../../local/slack';

describe("a slash command's acknowledgement", () => {
  let slack: LocalSlack;
  beforeEach(async () => {
    slack = await startLocalSlack();
  });
  afterEach(() => slack.close());

  it('shows a message in it to the person who typed the command only', () => {
    const url = slack.createResponseUrl('C0OPS', 'U0A');

    slack.acknowledge(url, { response_type: 'ephemeral', text: 'Not allowed.' });

    expect(slack.ephemerals('C0OPS', 'U0A')).toEqual([
      expect.objectContaining({ text: 'Not allowed.', via: 'acknowledgement' }),
    ]);
    expect(slack.messages('C0OPS')).toEqual([]);
  });

  it('posts an in_channel acknowledgement to the channel', () => {
    slack.acknowledge(slack.createResponseUrl('C0OPS', 'U0A'), {
      response_type: 'in_channel',
      text: 'for all',
    });
    expect(slack.messages('C0OPS').map((m) => m.text)).toEqual(['for all']);
  });

  it('shows nothing for an empty acknowledgement, and leaves the response URL its five posts', async () => {
    const url = slack.createResponseUrl('C0OPS', 'U0A');
    slack.acknowledge(url, {});
    slack.acknowledge(url, { text: 'shown' });

    const answers = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `post ${i}` }),
      });
      answers.push(res.status);
    }

    expect(answers).toEqual([200, 200, 200, 200, 200]);
    expect(slack.ephemerals('C0OPS', 'U0A').map((e) => e.text)).toEqual([
      'shown',
      'post 0',
      'post 1',
      'post 2',
      'post 3',
      'post 4',
    ]);
  });
});
