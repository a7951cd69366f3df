import {
  blockActionPayload,
  interactionBody,
  signRequest,
  slashCommandBody,
  type LocalSlack,
} from './slack';

/** The value of the first button in a message (ours name an approval or an execution). */
export function buttonValue(message: { blocks?: unknown[] }): string {
  for (const block of (message.blocks ?? []) as {
    elements?: { type?: string; value?: string }[];
  }[]) {
    const button = block.elements?.find((e) => e.type === 'button' && e.value !== undefined);
    if (button?.value !== undefined) return button.value;
  }
  return '';
}

export interface SlackAnswer {
  readonly status: number;
  /** The acknowledgement's text, when the bot answered privately in it. */
  readonly text?: string;
}

/**
 * A person in Slack: sends `/webapp …` and button clicks to the bot as Slack would — signed
 * with the app's signing secret, over HTTP, with response URLs on the local Slack server.
 */
export class SlackUser {
  private triggers = 0;

  constructor(
    private readonly botUrl: string,
    private readonly signingSecret: string,
    private readonly slack: LocalSlack,
    private readonly channel: string,
    /** The clock Slack signs with: the local mode's simulated one, so run names follow it. */
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Types `/webapp <text>`. An acknowledgement with a message (help, a refusal) is shown to the
   * user as Slack shows it: privately, in the channel's ephemerals.
   */
  async slash(userId: string, text: string): Promise<SlackAnswer> {
    const responseUrl = this.slack.createResponseUrl(this.channel, userId);
    const body = slashCommandBody({
      command: '/webapp',
      text,
      userId,
      channelId: this.channel,
      responseUrl,
      triggerId: `local-${process.pid}-${Date.now()}-${++this.triggers}`,
    });
    const { answer, json } = await this.send(body);
    if (answer.status === 200 && json !== undefined) this.slack.acknowledge(responseUrl, json);
    return answer;
  }

  async click(
    userId: string,
    actionId: string,
    value: string,
    message: { ts: string; thread_ts?: string; blocks?: unknown[] },
  ): Promise<SlackAnswer> {
    const payload = blockActionPayload({
      actionId,
      value,
      userId,
      channelId: this.channel,
      messageTs: message.ts,
      ...(message.thread_ts ? { threadTs: message.thread_ts } : {}),
      responseUrl: this.slack.createResponseUrl(this.channel, userId, message.ts),
      ...(message.blocks ? { messageBlocks: message.blocks } : {}),
    });
    // Slack ignores what a button's acknowledgement says; replies come by the response URL.
    return (await this.send(interactionBody(payload))).answer;
  }

  private async send(body: string): Promise<{ answer: SlackAnswer; json?: unknown }> {
    const response = await fetch(this.botUrl, {
      method: 'POST',
      headers: signRequest(body, this.signingSecret, Math.floor(this.now() / 1000)),
      body,
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const said = (json as { text?: unknown } | undefined)?.text;
    const answer = typeof said === 'string' ? said : json === undefined ? text : undefined;
    return {
      answer: { status: response.status, ...(answer ? { text: answer } : {}) },
      ...(json === undefined ? {} : { json }),
    };
  }
}
