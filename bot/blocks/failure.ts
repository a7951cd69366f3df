import type { KnownBlock } from '@slack/types';
import type { RunFailure } from '../progress-model';
import { ACTION_IDS, BLOCK_IDS } from './action-ids';
import { consoleLink } from './console-link';
import { codeBlock, escapeMrkdwn, SLACK_LIMITS, truncate } from './limits';
import { button, context, message, section, type BlockMessage } from './parts';

export interface FailureReplyInput {
  readonly failure: RunFailure;
  readonly executionArn: string;
  /** Whether Step Functions can still redrive the execution. */
  readonly retryable: boolean;
  /** Why it cannot be redriven, shown instead of the button. */
  readonly reason?: string;
}

/** The message before the output: enough to say what failed where, short enough to read. */
const MESSAGE_MAX = 1500;
const OUTPUT_MARKER = /^--- (stdout|stderr) \(tail\) ---$/;

/**
 * The thread reply for a failure: the failed step, the resource, the error and the cause,
 * with the command output in code blocks cut to fit, and a Retry button when the execution
 * can be redriven from the failed step.
 */
export function failureReply(input: FailureReplyInput): BlockMessage {
  const { failure, executionArn } = input;
  const where = failure.resource ? ` on ${escapeMrkdwn(failure.resource)}` : '';
  const step = escapeMrkdwn(failure.step);
  const error = escapeMrkdwn(failure.error);
  const cause = splitCause(failure.cause);

  const summary = [`❌ *${step}* failed${where}`, `*Error:* ${error}`];
  if (cause.message) summary.push(truncate(escapeMrkdwn(cause.message), MESSAGE_MAX));
  const blocks: KnownBlock[] = [section(summary.join('\n'))];

  for (const output of cause.outputs) {
    const label = `*${output.stream} (tail)*\n`;
    blocks.push(
      section(label + codeBlock(output.text, SLACK_LIMITS.sectionText - label.length, 'tail')),
    );
  }

  if (input.retryable) {
    blocks.push({
      type: 'actions',
      block_id: BLOCK_IDS.retryActions,
      elements: [
        button({
          text: '🔁 Retry from failed step',
          actionId: ACTION_IDS.retry,
          value: executionArn,
          style: 'primary',
          confirm: {
            title: 'Retry from the failed step?',
            text: `The execution is redriven: *${step}* and the steps after it run again. Every step is safe to run twice.`,
            confirm: 'Retry',
            deny: 'Cancel',
          },
        }),
      ],
    });
  } else {
    const reason = escapeMrkdwn(input.reason ?? 'Step Functions cannot redrive this execution');
    blocks.push(
      section(
        `This run cannot be retried from the failed step: ${reason}. Start a new run instead.`,
      ),
    );
  }
  blocks.push(context([consoleLink(executionArn)]));

  return message(`❌ ${step} failed${where}: ${error}`, blocks);
}

export interface CauseParts {
  /** What failed where, before any output. */
  readonly message: string;
  readonly outputs: readonly { stream: 'stdout' | 'stderr'; text: string }[];
}

/**
 * Splits a cause at the `--- stdout (tail) ---` / `--- stderr (tail) ---` lines the run-script
 * function writes. A Lambda error arrives as JSON (errorType, errorMessage, trace): only the
 * message is for people.
 */
export function splitCause(cause: string): CauseParts {
  const lines = lambdaErrorMessage(cause).split('\n');
  const message: string[] = [];
  const outputs: { stream: 'stdout' | 'stderr'; text: string[] }[] = [];
  for (const line of lines) {
    const marker = OUTPUT_MARKER.exec(line);
    if (marker) outputs.push({ stream: marker[1] as 'stdout' | 'stderr', text: [] });
    else (outputs.at(-1)?.text ?? message).push(line);
  }
  return {
    message: message.join('\n').trim(),
    outputs: outputs.map((o) => ({ stream: o.stream, text: o.text.join('\n') })),
  };
}

function lambdaErrorMessage(cause: string): string {
  if (!cause.startsWith('{')) return cause;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}
