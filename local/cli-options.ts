/** What `npm start -- …` asks the local mode to do. Parsed here, purely. */
export interface CliOptions {
  readonly scenario: 'demo' | 'stop' | 'start' | 'status' | 'interactive' | 'schedules';
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
  /** After the stop: a week passes, AWS starts the cluster, the Aurora watch warns and alerts. */
  readonly auroraRestart: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm start -- [demo|stop|start|status|interactive] [options]

  demo (default)          a stop, then a start, each approved
  stop | start | status   one /webapp command
  schedules               a week of the example's schedules in about a minute: periodic stops and
                          starts, a one-off run approved in advance, a holiday, a hold
  interactive             a prompt: type slash commands, click buttons, inject faults by hand

  --as <user>             who types the command (default: the first configured requester)
  --approve-as <user>     who clicks Approve (default: the first configured approver)
  --reject                click Reject instead
  --speed <n>             simulated time runs n times faster than the clock (default 60; schedules 600)
  --instances <n>         web instances in the simulated system (default 2)
  --config <file>         configuration file (default config/example.config.json)

  Faults, injected before the run (an instance is its number, 1-based, or its id):
  --fail-command <i>      the stop/start script fails on instance i (exit code 1)
  --unhealthy <i>         instance i's target never turns healthy
  --stuck <i>             instance i never reaches stopped / running
  --db-backing-up <s>     the DB cluster is backing-up for s simulated seconds
  --retry                 after a failure: clear the faults and click "Retry from failed step"
  --aurora-restart        stop only: then hold the schedules and move the clock past 7 days, as a
                          day at a time: the Aurora watch's warning a day ahead, AWS starting the
                          cluster, the alert and the re-stop handed to the scheduled-run starter
`;

const SCENARIOS = ['demo', 'stop', 'start', 'status', 'interactive', 'schedules'] as const;
const FLAGS = ['reject', 'retry', 'aurora-restart', 'help'];
const VALUED = [
  'as',
  'approve-as',
  'speed',
  'instances',
  'config',
  'fail-command',
  'unhealthy',
  'stuck',
  'db-backing-up',
];

/** Parses the command line; throws with a message naming the bad argument. */
export function parseCli(argv: readonly string[]): CliOptions {
  const options: Record<string, string | boolean> = {};
  let scenario: CliOptions['scenario'] = 'demo';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      options.help = true;
    } else if (arg.startsWith('--')) {
      const name = arg.slice(2);
      if (FLAGS.includes(name)) {
        options[name] = true;
        continue;
      }
      if (!VALUED.includes(name)) throw new Error(unknownOption(name));
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      options[name] = value;
    } else if ((SCENARIOS as readonly string[]).includes(arg)) {
      scenario = arg as CliOptions['scenario'];
    } else {
      throw new Error(`Unknown argument: ${arg}`);
    }
  }
  const positive = (name: string, fallback: number) => {
    const raw = options[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 1)
      throw new Error(`--${name} needs a number of at least 1, got ${String(raw)}`);
    return value;
  };
  if (options['aurora-restart'] === true && scenario !== 'stop') {
    throw new Error(
      '--aurora-restart goes with the stop scenario: npm start -- stop --aurora-restart',
    );
  }
  const text = (name: string) =>
    typeof options[name] === 'string' ? (options[name] as string) : undefined;
  return {
    scenario,
    as: text('as'),
    approveAs: text('approve-as'),
    reject: options.reject === true,
    // A week of schedules in about a minute needs time to run faster than one run does.
    speed: positive('speed', scenario === 'schedules' ? 600 : 60),
    instances: Math.round(positive('instances', 2)),
    configFile: text('config') ?? 'config/example.config.json',
    failCommand: text('fail-command'),
    unhealthy: text('unhealthy'),
    stuck: text('stuck'),
    ...(options['db-backing-up'] !== undefined
      ? { dbBackingUpSeconds: positive('db-backing-up', 1) }
      : {}),
    retry: options.retry === true,
    auroraRestart: options['aurora-restart'] === true,
    help: options.help === true,
  };
}

/** "Unknown option: --rejct (did you mean --reject?)" when one known option is a typo away. */
function unknownOption(name: string): string {
  const near = [...FLAGS, ...VALUED]
    // A prefix (--approve for --approve-as) is as close as a typo.
    .map((known) => ({
      known,
      distance: name.length > 1 && known.startsWith(name) ? 1 : editDistance(name, known),
    }))
    .filter((c) => c.distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  const hint = near.length > 0 ? ` (did you mean --${near[0].known}?)` : '';
  return `Unknown option: --${name}${hint}`;
}

/** Levenshtein distance: inserted, deleted and changed characters. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const change = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(previous[j] + 1, row[j - 1] + 1, change));
    }
    previous = row;
  }
  return previous[b.length];
}
