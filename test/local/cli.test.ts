import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
/** A stack trace line, as Node prints one: `    at main (…)`. */
const STACK_LINE = /^\s+at .+/m;
jest.setTimeout(90_000);

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * `npm start -- <args>`, as its script runs it (tsx on local/main.ts), in a process of its own.
 * `whenPrinted` is called on every stdout chunk with all output so far.
 */
function npmStart(
  args: string[],
  whenPrinted?: (stdout: string, child: { kill: (s: NodeJS.Signals) => void }) => void,
): Promise<Exit> {
  const started = Date.now();
  const env = { ...process.env };
  delete env.DEBUG;
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts', ...args], {
    cwd: ROOT,
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    whenPrinted?.(stdout, child);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })),
  );
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start', () => {
  it('status: prints the status answer and exits 0 at once', async () => {
    const exit = await npmStart(['status', '--speed', '600']);

    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain('(only @U0REQUESTER sees) Looking at every resource of `shop`…');
    expect(exit.stdout).toMatch(/\(only @U0REQUESTER sees\)\n {6}## 📋 Status: shop/);
    expect(exit.ms).toBeLessThan(30_000);
  });

  it('start --unhealthy 1: starts from the system as a stop leaves it; the page stays up', async () => {
    const exit = await npmStart(['start', '--unhealthy', '1', '--speed', '600']);

    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain('stopped, maintenance page up (as a stop leaves it)');
    expect(exit.stdout).toContain('Start DB cluster shop-db (stopped now)');
    expect(exit.stdout).toMatch(/start run \S+: FAILED/);
    expect(exit.stdout).toContain('maintenance page: up (listener rule, priority 1)');
    expect(exit.stdout).toMatch(/i-0a1b2c3d4e5f60002 shop-web-2 +running/);
  });

  it('stop --aurora-restart: a week on, the warning, AWS starting the cluster, the alert, the re-stop', async () => {
    const exit = await npmStart(['stop', '--aurora-restart', '--speed', '600']);

    expect(exit.code).toBe(0);
    const warning = exit.stdout.indexOf('has been stopped since Sun 30 Nov 2025');
    const alert = exit.stdout.indexOf('⚠️ AWS started *shop-db*: it had been stopped for 7 days');
    expect(warning).toBeGreaterThan(0);
    expect(alert).toBeGreaterThan(warning);
    expect(exit.stdout).toContain('will be started by AWS on Sun 7 Dec 2025');
    expect(exit.stdout).toMatch(
      /re-stop handed to the scheduled-run starter: aurora-restop for shop/,
    );
  });

  it.each([
    ['interactive', 'webapp> '],
    ['stop', 'Approval needed'],
  ])(
    '%s: Ctrl-C closes everything, says so and exits 130, without a stack trace',
    async (scenario, cue) => {
      let sent = false;
      const exit = await npmStart([scenario], (stdout, child) => {
        if (sent || !stdout.includes(cue)) return;
        sent = true;
        child.kill('SIGINT');
      });

      expect(exit.code).toBe(130);
      expect(exit.stdout).toContain('stopped (Ctrl-C): the local servers are closed.');
      expect(exit.stderr).not.toMatch(STACK_LINE);
    },
  );

  it('names a mistyped option and the one meant, and exits 2', async () => {
    const exit = await npmStart(['stop', '--rejct']);

    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain('Unknown option: --rejct (did you mean --reject?)');
  });

  it.each([
    ['a missing file', null, /^Cannot read .*nope\.json: ENOENT/],
    ['invalid JSON', '{"slack": ', /nope\.json(:\d+:\d+)? is not valid JSON/],
    [
      'an invalid configuration',
      '{"slack": {}}',
      /^Invalid .*nope\.json:\n {2}- slack\.channels: /,
    ],
  ])('a bad --config (%s): the message, no stack trace, exit 2', async (_what, text, message) => {
    const file = join(dir, `${_what.replace(/\W/g, '-')}-nope.json`);
    if (text !== null) writeFileSync(file, text);

    const exit = await npmStart(['stop', '--config', file]);

    expect(exit.code).toBe(2);
    expect(exit.stderr).toMatch(message);
    expect(exit.stderr).not.toMatch(STACK_LINE);
    expect(exit.stdout).toBe('');
  });

  it('any other error on the way: one line, no stack trace, exit 1', async () => {
    const exit = await npmStart(['stop', '--fail-command', '9', '--speed', '600']);

    expect(exit.code).toBe(1);
    expect(exit.stderr.trim().split('\n')).toEqual([
      'webapp-chatops local mode stopped: No instance 9; there are 2 (DEBUG=1 shows where)',
    ]);
  });
});
