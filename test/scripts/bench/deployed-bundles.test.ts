import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../../config/load';
import { botBundleAliases } from '../../../infra/constructs/bot-bundling';
import { REPO_ROOT } from '../../../infra/constructs/jobnet-function';
import {
  BENCH_CONFIG_FILE,
  deployedFunctions,
  describeBundleOptions,
} from '../../../scripts/bench/deployed-bundles';

describe('the functions the benchmarks bundle', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'deployed-bundles-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('are every function the app deploys, each with its own define and aliases', () => {
    const functions = deployedFunctions(join(outdir, 'cdk.out'));

    expect(functions.map((f) => f.bundle.entry).sort()).toEqual([
      'bot/approval-requester/handler.ts',
      'bot/aurora-watch/handler.ts',
      'bot/handler.ts',
      'bot/history-responder/handler.ts',
      'bot/progress-notifier/handler.ts',
      'bot/scheduled-run/handler.ts',
      'bot/status-responder/handler.ts',
      'functions/db-cluster/handler.ts',
      'functions/instance-power/handler.ts',
      'functions/maintenance-page/handler.ts',
      'functions/prepare-run/handler.ts',
      'functions/run-script/handler.ts',
      'functions/target-health/handler.ts',
      'functions/waits/matcher-handler.ts',
      'functions/waits/poller-handler.ts',
    ]);
    const bot = functions.find((f) => f.bundle.entry === 'bot/handler.ts');
    expect(bot?.bundle.alias).toEqual(botBundleAliases(REPO_ROOT));
    expect(bot?.bundle.define).toEqual({
      'process.env.WEBAPP_CHATOPS_CONFIG': JSON.stringify(
        JSON.stringify(loadConfigFile(BENCH_CONFIG_FILE)),
      ),
    });
    expect(bot?.runsOn).toBe('nodejs24.x on arm64, 1024 MB');
    // The scheduled-run starter is bundled as the bot is: the same configuration and aliases.
    const starter = functions.find((f) => f.bundle.entry === 'bot/scheduled-run/handler.ts');
    expect(starter?.bundle.define).toEqual(bot?.bundle.define);
    expect(starter?.bundle.alias).toEqual(bot?.bundle.alias);
  });

  it('are described by the options NodejsFunction passes esbuild', () => {
    expect(describeBundleOptions()).toBe(
      '--target=node24 --format=cjs --minify --sourcemap --sources-content=false',
    );
  });
});
