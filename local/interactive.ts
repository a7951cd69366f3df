import { createInterface } from 'node:readline';
import { ACTION_IDS } from '../bot/blocks/action-ids';
import type { LocalMode } from './local-mode';
import type { SlackMessage } from './slack';
import { buttonValue } from './slack-user';

export const INTERACTIVE_HELP = `Commands (the channel prints as it unfolds):
  /webapp <stop|start|status|help> [system] [as <user>]   type a slash command
  approve [as <user>] | reject [as <user>]                click on the latest approval request
  retry [as <user>]                                       click "Retry from failed step" on the latest failure
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
          m.metadata?.event_type === 'webapp_chatops_approval' && hasButton(m, ACTION_IDS.approve),
      );
      if (!approval) return say('No approval request is waiting.');
      const action = verb === 'approve' ? ACTION_IDS.approve : ACTION_IDS.reject;
      await lm.user.click(user ?? deps.approver, action, buttonValue(approval), approval);
      return;
    }
    case 'retry': {
      const failure = latest(lm, (m) => hasButton(m, ACTION_IDS.retry));
      if (!failure) return say('No failed run offers a retry.');
      await lm.user.click(user ?? deps.requester, ACTION_IDS.retry, buttonValue(failure), failure);
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

const hasButton = (m: SlackMessage, actionId: string) =>
  JSON.stringify(m.blocks ?? []).includes(`"${actionId}"`);
