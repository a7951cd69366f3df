import {
  DescribeExecutionCommand,
  paginateGetExecutionHistory,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { WebClient } from '@slack/web-api';
import type { SystemConfig } from '../../config/schema';
import { JOBNET_STEPS } from '../../contract/jobnet-steps';
import type { Observed } from '../../contract/plan';
import { cancelCheckMessage, cancelReport } from '../blocks/cancel';
import { executionFacts, progressFromHistory } from '../progress-notifier/history-progress';
import type { RunProgress } from '../progress-model';

/**
 * A run cancelled once it had begun changing things needs a look at every resource, which may
 * take longer than Slack's three seconds: the bot hands it here (asynchronously, as it hands
 * `/webapp status`), with what to do with the answer.
 */

/** Before StopExecution: show the person where everything is, and ask them to confirm. */
export interface CancelCheckEvent {
  readonly kind: 'cancel-check';
  readonly system: SystemConfig;
  readonly executionArn: string;
  /** The attempt (redrive count) the person is asked about. */
  readonly attempt: number;
  /** The command's or the click's response URL: the answer is private. */
  readonly responseUrl: string;
}

/** After StopExecution: tell the run's thread where every resource is and what to run. */
export interface CancelReportEvent {
  readonly kind: 'cancel-report';
  readonly system: SystemConfig;
  readonly executionArn: string;
  readonly channel: string;
  readonly threadTs: string;
  /** Who cancelled (a Slack user id), and when (epoch ms). */
  readonly by: string;
  readonly at: number;
}

export type CancelEvent = CancelCheckEvent | CancelReportEvent;

export interface CancelReportDeps {
  readonly sfn: SFNClient;
  readonly observe: (system: SystemConfig) => Promise<Observed>;
  /** POSTs to a response URL. */
  readonly post: (url: string, body: unknown) => Promise<void>;
  readonly slack: () => Promise<Pick<WebClient, 'chat'>>;
  readonly now: () => number;
}

/**
 * Answers a cancel: the check privately (through the response URL), the report in the thread.
 * Failures to read the resources are said in the message; only Slack refusing it throws.
 */
export async function handleCancel(e: CancelEvent, deps: CancelReportDeps): Promise<void> {
  const [progress, observed] = await Promise.all([
    readProgress(deps.sfn, e.executionArn, e.system.name),
    deps.observe(e.system).catch((error: unknown) => ({
      problem: `${(error as Error).name}: ${(error as Error).message}`,
    })),
  ]);
  if (e.kind === 'cancel-check') {
    const message =
      progress.status === 'RUNNING'
        ? cancelCheckMessage({ progress, observed, attempt: e.attempt, shownAt: deps.now() })
        : { text: `Nothing to cancel: the run already ended (${progress.status.toLowerCase()}).` };
    await deps.post(e.responseUrl, {
      response_type: 'ephemeral',
      replace_original: false,
      ...message,
    });
    return;
  }
  const slack = await deps.slack();
  await slack.chat.postMessage({
    channel: e.channel,
    thread_ts: e.threadTs,
    ...cancelReport({ progress, observed, by: e.by, at: e.at }),
  });
}

/** The run's checklist from its whole history (this function has time for it). */
async function readProgress(
  sfn: SFNClient,
  executionArn: string,
  system: string,
): Promise<RunProgress> {
  const [execution, events] = await Promise.all([
    sfn.send(new DescribeExecutionCommand({ executionArn })),
    allEvents(sfn, executionArn),
  ]);
  const facts = { ...executionFacts(execution, system), executionArn };
  return progressFromHistory(facts, JOBNET_STEPS[facts.jobnet], events);
}

async function allEvents(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  const pages = paginateGetExecutionHistory({ client: sfn, pageSize: 1000 }, { executionArn });
  for await (const page of pages) events.push(...(page.events ?? []));
  return events;
}
