export { BLOCK_LIMITS, validateBlocks } from './block-validation';
export { blockLines } from './block-text';
export { startLocalSlack } from './local-slack';
export { renderChannel } from './render-channel';
export {
  blockActionPayload,
  functionUrlEvent,
  interactionBody,
  signedFunctionUrlEvent,
  signRequest,
  slashCommandBody,
  SLACK_FORM_CONTENT_TYPE,
  type BlockActionInput,
  type FunctionUrlEvent,
  type SlashCommandInput,
} from './signed-requests';
export {
  LOCAL_BOT,
  type ApiCall,
  type EphemeralMessage,
  type LocalSlack,
  type LocalSlackOptions,
  type MessageMetadata,
  type SlackFault,
  type SlackMessage,
} from './types';
