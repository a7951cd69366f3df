import { PassThrough, Writable } from 'node:stream';
import { parseConfig } from '../../config/load';
import { interactive } from '../../local/interactive';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { TranscriptPrinter } from '../../local/transcript-printer';
import { waitUntil } from '../../local/wait-until';
import { exampleConfig } from '../helpers/bot-harness';

let lm: LocalMode;
let printed: string;
jest.setTimeout(30_000);

beforeEach(async () => {
  lm = await startLocalMode({ config: parseConfig(exampleConfig()), speed: 300 });
  printed = '';
});
afterEach(() => lm.close());

/** The prompt, fed `lines` as a person would type them; resolves when the input ends. */
function prompt(printer: TranscriptPrinter) {
  const input = new PassThrough();
  const done = interactive({
    lm,
    requester: 'U0REQUESTER',
    approver: 'U0APPROVER',
    say: (text) => {
      printer.flush();
      printed += `${text}\n`;
    },
    flush: () => printer.flush(),
    resources: () => '',
    instanceOf: (ref) => ref,
    input,
    output: new Writable({ write: (_chunk, _encoding, next) => next() }),
  });
  return { type: (line: string) => input.write(`${line}\n`), end: () => input.end(), done };
}

const privateReplies = (via: string) =>
  lm.slack.ephemerals(lm.channel).filter((e) => e.via === via).length;

describe('the interactive prompt', () => {
  it("prints the bot's private answers to slash commands, marked with who sees them", async () => {
    const printer = new TranscriptPrinter(lm.slack, lm.channel, (text) => (printed += text));
    const session = prompt(printer);

    session.type('/webapp help');
    session.type('/webapp stop as U0NOBODY');
    session.type('/webapp status');
    session.end();
    await session.done;
    await waitUntil('the status answer', () => privateReplies('response_url') === 1);
    printer.flush();

    expect(printed).toContain('  (only @U0REQUESTER sees)\n      ## /webapp — maintenance jobnets');
    expect(printed).toContain(
      '  (only @U0NOBODY sees) You are not allowed to request a stop of `shop`.',
    );
    expect(printed).toContain('  (only @U0REQUESTER sees) Looking at every resource of `shop`…');
    expect(printed).toMatch(/\(only @U0REQUESTER sees\)\n {6}## 📋 Status: shop/);
  });

  it("prints the bot's private answers to button clicks", async () => {
    const printer = new TranscriptPrinter(lm.slack, lm.channel, (text) => (printed += text));
    const session = prompt(printer);

    session.type('/webapp stop');
    await waitUntil('the approval request', () =>
      lm.slack
        .messages(lm.channel)
        .flatMap((root) => lm.slack.thread(lm.channel, root.ts))
        .find((m) => m.metadata?.event_type === 'webapp_chatops_approval'),
    );
    session.type('approve as U0NOBODY');
    session.type('reject as U0REQUESTER');
    session.end();
    await session.done;
    await waitUntil('both refusals', () => privateReplies('response_url') === 2);
    printer.flush();

    expect(printed).toContain(
      '  (only @U0NOBODY sees) You are not allowed to approve or reject runs.',
    );
    expect(printed).toContain(
      '  (only @U0REQUESTER sees) You are not allowed to approve or reject runs.',
    );
  });

  it('cancels with the root message’s Cancel button and prints the announce channel’s lines', async () => {
    const printer = new TranscriptPrinter(lm.slack, lm.channel, (text) => (printed += text), [
      'C0ANNOUNCE',
    ]);
    const session = prompt(printer);

    session.type('/webapp stop -- kernel patching');
    await waitUntil('the approval request', () =>
      lm.slack
        .messages(lm.channel)
        .flatMap((root) => lm.slack.thread(lm.channel, root.ts))
        .find((m) => m.metadata?.event_type === 'webapp_chatops_approval'),
    );
    session.type('cancel button as U0APPROVER');
    session.type('confirm');
    session.end();
    await session.done;
    const [execution] = lm.sfn.listExecutions();
    await execution.done;
    await lm.progressIdle();
    printer.flush();

    expect(execution.status).toBe('FAILED');
    expect(printed).toContain(
      '  (only @U0APPROVER sees) 🛑 You cancelled the stop of `shop` before anything was changed.',
    );
    expect(printed).toContain('No cancel waits for @U0REQUESTER to confirm.');
    expect(printed).toMatch(
      /● #C0ANNOUNCE ▶️ Stop of \*shop\* started — asked by @U0REQUESTER, reason: kernel patching \(run\)/,
    );
    expect(printed).toMatch(
      /● #C0ANNOUNCE 🛑 Stop of \*shop\* cancelled by @U0APPROVER, nothing was changed/,
    );
  });
});

describe('the interactive prompt’s events', () => {
  it('puts a CloudWatch alarm going to ALARM on the bus: the example’s trigger posts its run', async () => {
    const printer = new TranscriptPrinter(lm.slack, lm.channel, (text) => (printed += text));
    const session = prompt(printer);

    session.type('event alarm shop-5xx');
    session.type('event alarm shop-5xx OK');
    session.type('event custom shop.deploy Deploy Failed {"build": 7}');
    session.type('event custom shop.deploy');
    session.end();
    await session.done;
    printer.flush();

    expect(printed).toMatch(
      /event \S+ \(CloudWatch Alarm State Change\) put on the bus: matched webapp-chatops-shop-alarm-5xx/,
    );
    expect(printed).toMatch(
      /⚡ \*Stop\* of \*shop\* — trigger alarm-5xx: CloudWatch alarm shop-5xx went to ALARM/,
    );
    expect(printed).toMatch(/\(CloudWatch Alarm State Change\) put on the bus: no rule matched it/);
    expect(printed).toMatch(/\(Deploy Failed\) put on the bus: no rule matched it/);
    expect(printed).toContain('! event custom needs a source and a detail-type');
    expect(lm.sfn.listExecutions()).toHaveLength(1);
  });
});
