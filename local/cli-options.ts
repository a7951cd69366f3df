/** What `npm start -- …` asks the local mode to do. Parsed here, purely. */
export interface CliOptions {
  readonly scenario: 'demo' | 'stop' | 'start' | 'status' | 'interactive';
  readonly as?: string;
  readonly approveAs?: string;
  readonly reject: boolean;
  readonly speed: number;
  readonly instances: number;
  readonly configFile: string;
  readonly failCommand?: string;
  readonly unhealthy?: string;
  readonly stuck?: string;
  readonly dbBackingUpSeconds?: number;
  readonly retry: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm start -- [demo|stop|start|status|interactive] [options]

  demo (default)          a stop, then a start, each approved
  stop | start | status   one /webapp command
  interactive             a prompt: type slash commands, click buttons, inject faults by hand

  --as <user>             who types the command (default: the first configured requester)
  --approve-as <user>     who clicks Approve (default: the first configured approver)
  --reject                click Reject instead
  --speed <n>             simulated time runs n times faster than the clock (default 60)
  --instances <n>         web instances in the simulated system (default 2)
  --config <file>         configuration file (default config/example.config.json)

  Faults, injected before the run (an instance is its number, 1-based, or its id):
  --fail-command <i>      the stop/start script fails on instance i (exit code 1)
  --unhealthy <i>         instance i's target never turns healthy
  --stuck <i>             instance i never reaches stopped / running
  --db-backing-up <s>     the DB cluster is backing-up for s simulated seconds
  --retry                 after a failure: clear the faults and click "Retry from failed step"
`;

/** Parses the command line; throws with a message naming the bad argument. */
export function parseCli(argv: readonly string[]): CliOptions {
  const options: Record<string, string | boolean> = {};
  let scenario: CliOptions['scenario'] = 'demo';
  const flags = new Set(['reject', 'retry', 'help']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      options.help = true;
    } else if (arg.startsWith('--')) {
      const name = arg.slice(2);
      if (flags.has(name)) {
        options[name] = true;
        continue;
      }
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      options[name] = value;
    } else if (['demo', 'stop', 'start', 'status', 'interactive'].includes(arg)) {
      scenario = arg as CliOptions['scenario'];
    } else {
      throw new Error(`Unknown argument: ${arg}`);
    }
  }
  const known = new Set([
    'as',
    'approve-as',
    'reject',
    'speed',
    'instances',
    'config',
    'fail-command',
    'unhealthy',
    'stuck',
    'db-backing-up',
    'retry',
    'help',
  ]);
  const unknown = Object.keys(options).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new Error(`Unknown option: --${unknown[0]}`);
  const positive = (name: string, fallback: number) => {
    const raw = options[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 1)
      throw new Error(`--${name} needs a number of at least 1, got ${String(raw)}`);
    return value;
  };
  const text = (name: string) =>
    typeof options[name] === 'string' ? (options[name] as string) : undefined;
  return {
    scenario,
    as: text('as'),
    approveAs: text('approve-as'),
    reject: options.reject === true,
    speed: positive('speed', 60),
    instances: Math.round(positive('instances', 2)),
    configFile: text('config') ?? 'config/example.config.json',
    failCommand: text('fail-command'),
    unhealthy: text('unhealthy'),
    stuck: text('stuck'),
    ...(options['db-backing-up'] !== undefined
      ? { dbBackingUpSeconds: positive('db-backing-up', 1) }
      : {}),
    retry: options.retry === true,
    help: options.help === true,
  };
}
