import type { AllMiddlewareArgs } from '@slack/bolt';
import { buildExecutionInput } from '../../config/execution-input';
import type { SystemConfig } from '../../config/schema';
import type { JobnetName } from '../../contract/jobnets';
import { countRunStarted } from '../../observability/app-metrics';
import { RefusalReason } from '../../observability/metric-names';
import { audited, auditText } from '../audit/bot-audit';
import { executionConsoleUrl } from '../blocks/console-link';
import { mention } from '../blocks/jobnet-words';
import { runMessage } from '../blocks/run-message';
import { runName } from '../run-name';
import type { BotServices } from '../services/bot-services';
import { dependencyProblem } from '../services/dependency-problem';
import { OutOfTime } from '../services/request-budget';
import type { LockHolder } from '../services/run-lock';
import type { Refusal } from './schedule-changes';

type Client = AllMiddlewareArgs['client'];

/** A person's request for a run: from `/webapp stop|start`, or a button that starts one. */
export interface PersonRunRequest {
  readonly jobnet: JobnetName;
  readonly system: SystemConfig;
  /** The Slack user asking (already authorised as a requester). */
  readonly user: string;
  /** Where the root message and the thread go. */
  readonly channel: string;
  /** Slack's id of the interaction: a replayed request maps to the same run. */
  readonly triggerId: string;
  /** Why, as the person wrote it (`-- …`): in the input, the root message and the record. */
  readonly reason?: string;
}

/**
 * Lock, root message, StartExecution — in that order, and nothing half-done: a refused lock
 * starts nothing; a root message that could not be posted gives the lock back; a run that could
 * not start says so in its root message and gives the lock back. Only a start whose answer was
 * lost (AWS did not answer in time) keeps the lock: the lock itself sees later whether the run
 * exists, and the root message says the outcome is unknown. Once the lock is taken, the request
 * is recorded in the audit trail as started, not-started or unknown; a refusal before that is
 * the caller's to record.
 */
export async function startPersonRun(
  request: PersonRunRequest,
  services: BotServices,
  client: Client,
): Promise<Refusal | undefined> {
  const { jobnet, system } = request;
  const { executions, runLock, budget } = services;
  // From what Slack signed, never the clock: a replayed request maps to the same run.
  const signedAt = budget.signedAt() ?? Math.floor(services.now().getTime() / 1000);
  const name = runName(jobnet, system.name, request.triggerId, new Date(signedAt * 1000));
  const executionArn = executions.executionArn(jobnet, name);
  if (await executions.describe(executionArn)) {
    return {
      reason: RefusalReason.runInProgress,
      text: `This request was already handled: <${executionConsoleUrl(executionArn)}|${name}>.`,
    };
  }
  const holder = { system: system.name, executionArn, jobnet, requestedBy: request.user };
  const lock = await budget.call('DynamoDB', () => runLock.acquire(holder));
  if (!lock.acquired) return heldBy(system, lock.holder, lock.starting);
  const record = (outcome: 'started' | 'not-started' | 'unknown', problem?: string) =>
    audited(services, {
      action: 'request',
      actor: { kind: 'person', id: request.user },
      outcome,
      system: system.name,
      jobnet,
      runId: name,
      executionArn,
      ...(request.reason ? { reason: request.reason } : {}),
      ...(problem ? { detail: { problem: auditText(problem) } } : {}),
    });

  // Giving the lock back is part of the answer: it may use the reply margin, and if DynamoDB
  // cannot take it now the lock sees for itself, after a minute, that no run started.
  const release = () =>
    budget
      .call(
        'DynamoDB',
        () => runLock.release(system.name, executionArn, services.now().getTime()),
        {
          final: true,
        },
      )
      .catch((error: unknown) => {
        services.logger.warn('Run lock not given back', { error: dependencyProblem(error) });
        return false;
      });
  let rootTs: string | undefined;
  try {
    const root = await budget.call('Slack', () =>
      client.chat.postMessage({
        channel: request.channel,
        ...runMessage({
          jobnet,
          system: system.name,
          requestedBy: request.user,
          executionArn,
          ...(request.reason ? { reason: request.reason } : {}),
        }),
      }),
    );
    rootTs = root.ts;
  } catch (error) {
    await release();
    await record('not-started', dependencyProblem(error));
    return {
      reason: RefusalReason.slackUnavailable,
      text: `Nothing was started: ${dependencyProblem(error)}.`,
      recorded: true,
    };
  }
  const input = buildExecutionInput(system, {
    runId: name,
    requestedBy: request.user,
    slack: { channel: request.channel, threadTs: rootTs },
    approvalTimeoutSeconds: services.config.slack.approvalTimeoutSeconds,
    ...(request.reason ? { reason: request.reason } : {}),
  });
  try {
    await executions.start(jobnet, name, input);
  } catch (error) {
    const refusal = await startFailed(request, services, client, rootTs, error, release);
    await record(
      refusal.reason === RefusalReason.startFailed ? 'not-started' : 'unknown',
      dependencyProblem(error),
    );
    return { ...refusal, recorded: true };
  }
  await record('started');
  countRunStarted(services.metrics, { system: system.name, jobnet });
  services.logger.info('Run started', { executionArn, runId: name });
  return undefined;
}

/** The run did not start, or nobody knows: the root message and the caller are told which. */
async function startFailed(
  request: PersonRunRequest,
  services: BotServices,
  client: Client,
  rootTs: string | undefined,
  error: unknown,
  release: () => Promise<boolean>,
): Promise<Refusal> {
  const { jobnet, system } = request;
  const unknown = error instanceof OutOfTime;
  services.logger.error(`StartExecution failed: ${(error as Error).name}`);
  const problem = dependencyProblem(error);
  const text = unknown
    ? `⚠️ The ${jobnet} of ${system.name} may not have started: ${problem}. If it did, its progress appears here; otherwise ask again.`
    : `❌ The ${jobnet} of ${system.name} could not start: ${problem}. Nothing was changed.`;
  if (!unknown) await release();
  await services.budget
    .call(
      'Slack',
      () => client.chat.update({ channel: request.channel, ts: rootTs ?? '', text, blocks: [] }),
      { final: true },
    )
    .catch((e: unknown) => services.logger.warn('Root message not marked', { error: String(e) }));
  return {
    reason: unknown ? RefusalReason.dependencyFailed : RefusalReason.startFailed,
    text: unknown
      ? `AWS did not answer in time; the run may not have started. Watch the thread, or ask again in a minute.`
      : `Nothing was started: ${problem}.`,
  };
}

function heldBy(system: SystemConfig, holder: LockHolder, starting: boolean): Refusal {
  const link = `<${executionConsoleUrl(holder.executionArn)}|${holder.executionArn.split(':').pop()}>`;
  // A person, or (since schedules take the lock too) a schedule's name.
  const who = mention(holder.requestedBy);
  return {
    reason: RefusalReason.runInProgress,
    text: starting
      ? `A ${holder.jobnet} of \`${system.name}\` is being started by ${who}: ${link}. One run per system at a time.`
      : `A ${holder.jobnet} of \`${system.name}\` is already running (asked by ${who}): ${link}. Wait for it to end.`,
  };
}
