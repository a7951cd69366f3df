import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';

/** What a button listener receives from Bolt. */
export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** A reply only the clicker sees, leaving the clicked message as it is. */
export function privateReply(respond: RespondFn): (text: string) => Promise<unknown> {
  return (text) => respond({ response_type: 'ephemeral', replace_original: false, text });
}
