import type { Observed } from '../../contract/plan';
import { consoleLink } from './console-link';
import { dateTime } from './format';
import type { JobnetName } from '../../contract/jobnets';
import { escapeMrkdwn } from './limits';
import { header, message, sections, type BlockMessage } from './parts';
import { stateLines } from './resource-states';

export interface StatusInput extends Observed {
  readonly system: string;
  /** Latest runs, newest first. */
  readonly executions: readonly {
    jobnet: JobnetName;
    name: string;
    status: string;
    startDate: number;
    executionArn: string;
  }[];
}

/** Execution statuses as Step Functions reports them, including a pending redrive. */
const STATUS_ICONS: Readonly<Record<string, string>> = {
  RUNNING: '⏳',
  SUCCEEDED: '✅',
  FAILED: '❌',
  TIMED_OUT: '⌛',
  ABORTED: '⏹️',
  PENDING_REDRIVE: '🔁',
};

/** More runs than this is history, not status; the console has the rest. */
const RUNS_SHOWN = 10;

/** `/webapp status`: the resources now and the latest runs with links to their executions. */
export function statusMessage(status: StatusInput): BlockMessage {
  const runs = status.executions.slice(0, RUNS_SHOWN).map((run) => {
    const icon = STATUS_ICONS[run.status] ?? '•';
    const link = consoleLink(run.executionArn, escapeMrkdwn(run.name));
    return `${icon} ${run.jobnet} · ${escapeMrkdwn(run.status.toLowerCase())} · ${dateTime(run.startDate)} · ${link}`;
  });
  const running = status.executions.filter((run) => run.status === 'RUNNING');
  const runningText =
    running.length > 0 ? `a ${running[0].jobnet} is running` : 'no run in progress';
  const upInstances = status.instances.filter((i) => i.state === 'running').length;
  return message(
    `Status of ${escapeMrkdwn(status.system)}: maintenance page ${status.maintenancePage}, ` +
      `DB ${escapeMrkdwn(status.db.status)}, ${upInstances}/${status.instances.length} instances running, ${runningText}`,
    [
      header(`📋 Status: ${status.system}`),
      ...sections(['*Now*', ...stateLines(status)]),
      ...sections(['*Latest runs*', ...(runs.length > 0 ? runs : ['No runs yet.'])]),
    ],
  );
}
