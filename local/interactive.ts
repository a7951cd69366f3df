import { createInterface } from 'node:readline';
import { ACTION_IDS } from '../bot/blocks/action-ids';
import type { LocalMode } from './local-mode';
import type { SlackMessage } from './slack';
import { buttonValue } from './slack-user';
import { formatInZone, parseLocalDateTime } from '../contract/zoned-time';
import { alarmStateChange } from './aws-events';
import type { PutEvent } from './local-event-bus';

export const INTERACTIVE_HELP = `Commands (the channel prints as it unfolds):
  /webapp <stop|start|status|help> [system] [as <user>]   type a slash command
  /webapp history [system] [count]                        the last runs, from the audit trail
  approve [as <user>] | reject [as <user>]                click on the latest approval request (a one-off's too;
                                                          reject on an unless-held plan clicks Hold)
  schedules | hold [reason] | resume                      /webapp schedules, hold, resume for the system
  clock | clock +2h | clock +7d | clock 2026-12-05T22:00  show or move simulated time (a time without a zone
                                                          is in the system's); due schedules fire on the way,
                                                          and the account's RDS events reach the Aurora watch
  event alarm <name> [ALARM|OK]                           put a CloudWatch alarm state change on the event bus
  event custom <source> <detail-type> [json detail]       put a custom event (e.g. event custom shop.deploy Deploy Failed)
  retry [as <user>]                                       click "Retry from failed step" on the latest failure
  cancel [button] [as <user>]                             /webapp cancel for the system (or its Cancel button)
  confirm [as <user>] | keep [as <user>]                  Confirm cancel / Keep running in your private prompt
  fault <fail-command|unhealthy|stuck> <instance>         inject a fault (instance number or id)
  fault backing-up <seconds>                              the DB cluster is busy for that long
  clear                                                   clear every fault
  resources                                               the simulated resources now
  help | quit`;

export interface InteractiveDeps {
  readonly lm: LocalMode;
  readonly requester: string;
  readonly approver: string;
  readonly say: (text: string) => void;
  /** Prints what the channel and the private replies show so far. */
  readonly flush: () => void;
  readonly resources: () => string;
  readonly instanceOf: (ref: string) => string;
  /** Where lines come from and the prompt goes; the terminal by default. */
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
}

/**
 * A prompt for driving the local mode by hand, one Slack action per line, until `quit` or the
 * end of the input (so lines can be piped in too).
 */
export async function interactive(deps: InteractiveDeps): Promise<void> {
  const rl = createInterface({
    input: deps.input ?? process.stdin,
    output: deps.output ?? process.stdout,
    prompt: '\nwebapp> ',
  });
  // At a terminal readline reads Ctrl-C as a key; hand it back as the signal, so the one
  // SIGINT handler ends the local mode however it was started.
  rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
  deps.say(INTERACTIVE_HELP);
  rl.prompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === 'quit' || line === 'exit') return;
      try {
        await handle(line, deps);
      } catch (error) {
        deps.say(`! ${(error as Error).message}`);
      }
      deps.flush();
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}

async function handle(line: string, deps: InteractiveDeps): Promise<void> {
  const { lm, say } = deps;
  const [words, user] = splitAs(line);
  const [verb, ...rest] = words.split(/\s+/);
  switch (verb) {
    case '':
      return;
    case 'help':
      return say(INTERACTIVE_HELP);
    case '/webapp': {
      const answer = await lm.user.slash(user ?? deps.requester, rest.join(' '));
      if (answer.status !== 200) say(`bot answered HTTP ${answer.status}`);
      return;
    }
    case 'approve':
    case 'reject': {
      const approval = latest(
        lm,
        (m) =>
          m.metadata?.event_type === 'webapp_chatops_approval' &&
          (hasButton(m, ACTION_IDS.approve) || hasButton(m, ACTION_IDS.hold)),
      );
      const oneOff = latest(lm, (m) => hasButton(m, ACTION_IDS.oneOffApprove));
      const target = approval ?? oneOff;
      if (!target) return say('No approval request is waiting.');
      const action = !approval
        ? verb === 'approve'
          ? ACTION_IDS.oneOffApprove
          : ACTION_IDS.oneOffReject
        : hasButton(approval, ACTION_IDS.hold)
          ? ACTION_IDS.hold
          : verb === 'approve'
            ? ACTION_IDS.approve
            : ACTION_IDS.reject;
      if (action === ACTION_IDS.hold && verb === 'approve') {
        return say('An unless-held plan needs no approval: it goes ahead unless someone holds it.');
      }
      await lm.user.click(user ?? deps.approver, action, buttonValue(target), target);
      return;
    }
    case 'schedules':
      return slash(deps, user, 'schedules');
    case 'hold':
      return slash(deps, user, `hold ${lm.system.name} ${rest.join(' ')}`.trim());
    case 'resume':
      return slash(deps, user, `resume ${lm.system.name}`);
    case 'clock':
      return clock(rest.join(' '), deps);
    case 'retry': {
      const failure = latest(lm, (m) => hasButton(m, ACTION_IDS.retry));
      if (!failure) return say('No failed run offers a retry.');
      await lm.user.click(user ?? deps.requester, ACTION_IDS.retry, buttonValue(failure), failure);
      return;
    }
    case 'event':
      return putEvent(rest, deps);
    case 'cancel': {
      if (rest[0] !== 'button') return slash(deps, user, `cancel ${lm.system.name}`);
      const root = lm.slack.messages(lm.channel).filter((m) => hasButton(m, ACTION_IDS.cancel));
      const target = root.at(-1);
      if (!target) return say('No run offers a Cancel button.');
      const value = buttonValueOf(target, ACTION_IDS.cancel);
      await lm.user.click(user ?? deps.requester, ACTION_IDS.cancel, value, target);
      return;
    }
    case 'confirm':
    case 'keep': {
      const who = user ?? deps.requester;
      const action = verb === 'confirm' ? ACTION_IDS.cancelConfirm : ACTION_IDS.cancelKeep;
      const prompt = lm.slack
        .ephemerals(lm.channel, who)
        .filter((m) => hasButton(m, action))
        .at(-1);
      if (!prompt) return say(`No cancel waits for @${who} to confirm.`);
      await lm.user.click(who, action, buttonValueOf(prompt, action), {
        ts: prompt.message_ts,
        ...(prompt.blocks ? { blocks: prompt.blocks } : {}),
      });
      return;
    }
    case 'fault':
      return fault(rest, deps);
    case 'clear':
      lm.account.faults.clear();
      return say('faults cleared');
    case 'resources':
      return say(deps.resources());
    default:
      return say(`Unknown command: ${verb} (try help)`);
  }
}

async function slash(deps: InteractiveDeps, user: string | undefined, text: string) {
  const answer = await deps.lm.user.slash(user ?? deps.requester, text);
  if (answer.status !== 200) deps.say(`bot answered HTTP ${answer.status}`);
}

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Shows simulated time, or moves it forward: every schedule due on the way fires, in order. */
async function clock(arg: string, deps: InteractiveDeps): Promise<void> {
  const { lm, say } = deps;
  const zone = lm.system.timeZone;
  if (arg) {
    const step = /^\+(\d+)([smhd])$/.exec(arg);
    let target: number;
    if (step) target = lm.clock.now() + Number(step[1]) * UNIT_MS[step[2]];
    else {
      const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(arg) ? new Date(arg) : parseLocalDateTime(arg, zone);
      if (typeof zoned === 'string') throw new Error(zoned);
      target = zoned.getTime();
    }
    if (!(target > lm.clock.now())) throw new Error('The clock only moves forward.');
    await stepTo(lm, target, say);
  }
  const now = new Date(lm.clock.now());
  say(
    `clock: ${formatInZone(now, zone)} (${now.toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
  );
}

/** Firings one jump may pass: a jump is taken a firing at a time, each run to its end. */
const MAX_FIRINGS_PER_JUMP = 60;

/**
 * Moves the clock to `target` a firing at a time: each due schedule fires at its own time, each
 * RDS event (the Aurora watch's) is delivered at its own time, and the runs they start end
 * before the clock moves on, as they would have in that time.
 */
export async function stepTo(
  lm: LocalMode,
  target: number,
  say: (text: string) => void,
): Promise<void> {
  const pump = lm.auroraWatch?.pump;
  for (let fired = 0; ; fired += 1) {
    const due = [lm.scheduler.nextFiring()?.at.getTime(), pump?.nextEventAt()].filter(
      (at): at is number => at !== undefined && at <= target,
    );
    if (due.length === 0) break;
    if (fired >= MAX_FIRINGS_PER_JUMP) {
      say(`Stopped after ${fired} firings; move the clock again to go on.`);
      return;
    }
    lm.clock.jumpTo(Math.max(Math.min(...due), lm.clock.now()));
    await pump?.deliverDue();
    await lm.scheduler.idle();
    await Promise.all(lm.sfn.listExecutions().map((execution) => execution.done));
    await lm.progressIdle();
  }
  if (target > lm.clock.now()) lm.clock.jumpTo(target);
  await pump?.deliverDue();
  await lm.scheduler.idle();
}

/**
 * Puts an event on the local event bus, as AWS or a deploy pipeline would; the configured
 * triggers' rules that match it invoke the starter.
 */
async function putEvent([kind, ...args]: string[], deps: InteractiveDeps): Promise<void> {
  const { lm, say } = deps;
  let entry: PutEvent;
  if (kind === 'alarm') {
    const [name, state = 'ALARM'] = args;
    if (!name) throw new Error('event alarm needs the alarm name');
    if (state !== 'ALARM' && state !== 'OK' && state !== 'INSUFFICIENT_DATA') {
      throw new Error(`Not an alarm state: ${state} (ALARM, OK, INSUFFICIENT_DATA)`);
    }
    entry = alarmStateChange(lm.account, name, state, undefined, new Date(lm.clock.now()));
  } else if (kind === 'custom') {
    const [source, ...rest] = args;
    const text = rest.join(' ');
    const brace = text.indexOf('{');
    const detailType = (brace < 0 ? text : text.slice(0, brace)).trim();
    if (!source || !detailType) throw new Error('event custom needs a source and a detail-type');
    const detail: unknown = brace < 0 ? {} : JSON.parse(text.slice(brace));
    if (!detail || typeof detail !== 'object' || Array.isArray(detail)) {
      throw new Error('The detail must be a JSON object');
    }
    entry = { source, 'detail-type': detailType, detail: detail as Record<string, unknown> };
  } else throw new Error('event alarm <name> [state] | event custom <source> <detail-type> [json]');
  const { event, rules } = lm.events.put(entry);
  say(
    `event ${event.id} (${event['detail-type']}) put on the bus: ${rules.length === 0 ? 'no rule matched it' : `matched ${rules.join(', ')}`}`,
  );
  await lm.events.idle();
  await lm.progressIdle();
}

function fault([kind, target]: string[], deps: InteractiveDeps): void {
  const { faults } = deps.lm.account;
  if (!kind || !target) throw new Error('fault needs a kind and a target');
  if (kind === 'backing-up') faults.backingUp(deps.lm.seeded.clusterId, Number(target) * 1000);
  else if (kind === 'fail-command')
    faults.failCommands(deps.instanceOf(target), {
      exitCode: 1,
      stderr: 'Job for httpd.service failed.',
      match: /systemctl (stop|start)/,
    });
  else if (kind === 'unhealthy') faults.pinUnhealthy(deps.instanceOf(target));
  else if (kind === 'stuck') faults.stickInstance(deps.instanceOf(target));
  else throw new Error(`Unknown fault: ${kind}`);
  deps.say(`fault injected: ${faults.describe().at(-1) ?? kind}`);
}

/** "approve as U0LEAD" → ["approve", "U0LEAD"]. */
function splitAs(line: string): [string, string | undefined] {
  const match = /^(.*?)\s+as\s+(\S+)$/.exec(line);
  return match ? [match[1], match[2]] : [line, undefined];
}

function latest(lm: LocalMode, test: (m: SlackMessage) => boolean): SlackMessage | undefined {
  const all = lm.slack.messages(lm.channel).flatMap((root) => lm.slack.thread(lm.channel, root.ts));
  return all.filter(test).at(-1);
}

/** The value of a message's button with this action id. */
function buttonValueOf(message: { blocks?: unknown[] }, actionId: string): string {
  const elements = (
    (message.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]
  ).flatMap((b) => b.elements ?? []);
  return elements.find((e) => e.action_id === actionId)?.value ?? '';
}

const hasButton = (m: { blocks?: unknown[] }, actionId: string) =>
  JSON.stringify(m.blocks ?? []).includes(`"${actionId}"`);
