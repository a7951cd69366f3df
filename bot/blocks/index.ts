export { ACTION_IDS, BLOCK_IDS } from './action-ids';
export {
  decideApproval,
  reopenRequest,
  approvalRequest,
  type ApprovalDecision,
  type ApprovalRequestInput,
} from './approval';
export { consoleLink, executionConsoleUrl } from './console-link';
export { failureReply, splitCause, type FailureReplyInput } from './failure';
export { clockTime, formatDuration } from './format';
export { helpMessage } from './help';
export { codeBlock, escapeMrkdwn, SLACK_LIMITS, truncate } from './limits';
export type { BlockMessage } from './parts';
export { runMessage, type RunMessageInput } from './run-message';
export { statusMessage, type StatusInput } from './status';
export { finalSummary } from './summary';
