import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { build } from 'esbuild';
import { botBundleAliases } from '../../infra/constructs/bot-bundling';
import { esbuildOptions } from '../../infra/constructs/bundle-options';
import { JobnetFunction, REPO_ROOT } from '../../infra/constructs/jobnet-function';

it('bundles for the benchmarks exactly what NodejsFunction bundles for Lambda', async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'bundle-options-'));
  try {
    const app = new App({ outdir: join(outdir, 'cdk.out') });
    const stack = new Stack(app, 'Bundled');
    // The bot: the one bundle with both a define and aliases that take effect.
    const fn = new JobnetFunction(stack, 'Bot', {
      entry: 'bot/handler.ts',
      description: 'bundled for real',
      timeout: Duration.seconds(30),
      logRetention: logs.RetentionDays.ONE_WEEK,
      define: { 'process.env.WEBAPP_CHATOPS_CONFIG': JSON.stringify('{"systems":[]}') },
      alias: botBundleAliases(REPO_ROOT),
    });
    const assembly = app.synth();
    const [asset] = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    const cdkBundle = join(assembly.directory, asset);

    const ours = join(outdir, 'ours', 'index.js');
    await build(esbuildOptions(REPO_ROOT, fn.bundle!, ours));

    const deployed = readFileSync(join(cdkBundle, 'index.js'));
    expect(deployed.includes('{"systems":[]}')).toBe(true);
    expect(deployed.includes('Not part of the Lambda bundle')).toBe(true);
    expect(readFileSync(ours).equals(deployed)).toBe(true);
    expect(existsSync(join(cdkBundle, 'index.js.map'))).toBe(true);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}, 120_000);
