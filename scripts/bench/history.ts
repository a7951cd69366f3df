/**
 * The body of npm run bench:history (scripts/bench-history.ts sets the environment first), in
 * the local mode (the simulated account, local Slack, the real bot handler and functions):
 *  - the audit records one run leaves: a stop and a start, each asked by a person and approved
 *    by another, counted by action in the simulated audit log group;
 *  - `/webapp history shop 10` and `/webapp history 50` against 10,000 records in that group
 *    (a realistic mix, about 7 records a run, two systems, a year): wall-clock time from the
 *    signed slash command to the private answer at the response URL, p50 / p95 over repeated
 *    runs, and how many FilterLogEvents calls each answer made. No assertions: figures.
 */
import { join } from 'node:path';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { loadConfigFile } from '../../config/load';
import type { AuditRecord } from '../../contract/audit-record';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import type { SlackMessage } from '../../local/slack';
import { buttonValue } from '../../local/slack-user';
import { waitUntil } from '../../local/wait-until';
import { syntheticTrail } from './audit-records';

const config = loadConfigFile(join(__dirname, '../../config/example.config.json'));
const REQUESTER = 'U0REQUESTER';
const APPROVER = 'U0APPROVER';
const RECORDS = 10_000;
const REPEATS = 30;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `/webapp <jobnet>` by the requester, approved by the approver, to its summary. */
async function approvedRun(lm: LocalMode, jobnet: 'stop' | 'start') {
  const roots = () => lm.slack.messages(lm.channel);
  const inThread = (root: SlackMessage, type: string) =>
    lm.slack.thread(lm.channel, root.ts).find((m) => m.metadata?.event_type === type);
  const before = roots().length;
  await lm.user.slash(REQUESTER, jobnet);
  const root = await waitUntil('the root message', () => roots()[before]);
  const approval = await waitUntil('the approval', () => inThread(root, 'webapp_chatops_approval'));
  await lm.user.click(APPROVER, ACTION_IDS.approve, buttonValue(approval), approval);
  const execution = await waitUntil('the execution', () => lm.sfn.listExecutions().at(-1));
  await execution.done;
  await waitUntil('the summary', () => inThread(root, 'webapp_chatops_summary'));
  await lm.progressIdle();
  return execution.executionArn;
}

/** Records per action of one run, e.g. "decision 1, outcome 1". */
function perRun(records: readonly AuditRecord[], executionArn: string): string {
  const counts = new Map<string, number>();
  const mine = records.filter((r) => r.executionArn === executionArn);
  for (const r of mine) counts.set(r.action, (counts.get(r.action) ?? 0) + 1);
  const byAction = [...counts].map(([action, n]) => `${action} ${n}`).join(', ');
  return `${mine.length} (${byAction})`;
}

async function recordsPerRun(): Promise<string[]> {
  const lm = await startLocalMode({ config, speed: 3000 });
  try {
    const stop = await approvedRun(lm, 'stop');
    const start = await approvedRun(lm, 'start');
    const records = await lm.audit.records();
    return [`  stop:  ${perRun(records, stop)}`, `  start: ${perRun(records, start)}`];
  } finally {
    await lm.close();
  }
}

/** Times `/webapp <text>` to its answer at the response URL, REPEATS times. */
async function timeHistory(lm: LocalMode, text: string) {
  const times: number[] = [];
  const calls: number[] = [];
  let shown = '';
  for (let i = 0; i < REPEATS; i += 1) {
    const answers = () =>
      lm.slack.ephemerals(lm.channel, REQUESTER).filter((e) => e.text?.startsWith('History of'));
    const before = answers().length;
    const callsBefore = lm.account.calls.filter((c) => c.action === 'FilterLogEvents').length;
    const t0 = performance.now();
    await lm.user.slash(REQUESTER, text);
    const answer = await waitUntil('the history', () => answers()[before], 30_000, 1);
    times.push(performance.now() - t0);
    calls.push(lm.account.calls.filter((c) => c.action === 'FilterLogEvents').length - callsBefore);
    shown = answer.text ?? '';
  }
  return { times, calls, shown };
}

async function main(): Promise<void> {
  const perRunLines = await recordsPerRun();

  const lm = await startLocalMode({ config, speed: 60 });
  let results: { text: string; times: number[]; calls: number[]; shown: string }[];
  let seeded: AuditRecord[];
  try {
    seeded = syntheticTrail({
      records: RECORDS,
      systems: ['shop', 'blog'],
      end: lm.clock.now() - 3_600_000,
      gapMs: 6 * 3_600_000,
      stateMachinePrefix: lm.sfn
        .stateMachineArn('stop')
        .replace(':stateMachine:', ':execution:')
        .replace(/-stop$/, ''),
    });
    lm.account.addLogEvents(
      lm.audit.groupName,
      'seed',
      seeded.map((r) => ({ timestamp: Date.parse(r.at), message: JSON.stringify(r) })),
    );
    results = [];
    for (const text of ['history shop 10', 'history 50']) {
      results.push({ text, ...(await timeHistory(lm, text)) });
    }
  } finally {
    await lm.close();
  }

  const runs = new Set(seeded.flatMap((r) => (r.runId ? [r.runId] : []))).size;
  const span = (Date.parse(seeded.at(-1)!.at) - Date.parse(seeded[0].at)) / 86_400_000;
  console.log('Audit records per run (local mode; asked by a person, approved by another)');
  for (const line of perRunLines) console.log(line);
  console.log(
    `\n/webapp history against ${seeded.length} records (${runs} runs, ${(seeded.length / runs).toFixed(1)} records a run, two systems, ${span.toFixed(0)} days), ${REPEATS} times each`,
  );
  console.log('  slash command → private answer at the response URL (wall clock, local mode)');
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  for (const r of results) {
    console.log(
      `  /webapp ${r.text.padEnd(16)} p50 ${ms(percentile(r.times, 50))}  p95 ${ms(percentile(r.times, 95))}  max ${ms(Math.max(...r.times))}  FilterLogEvents calls ${Math.min(...r.calls)}–${Math.max(...r.calls)}  → "${r.shown}"`,
    );
  }
}

/** Runs the benchmark and prints the figures; exits non-zero if it could not run. */
export function runBench(): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
