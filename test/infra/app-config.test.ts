import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleConfig } from './synth-app';

const ROOT = join(__dirname, '..', '..');

/** Runs the CDK app entry point as `cdk synth` does, with the given context. */
function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  return spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['infra/app.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
    timeout: 60_000,
  });
}

function writeConfig(config: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'config-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

it('fails synth on an invalid configuration file, naming each bad field', () => {
  const config = exampleConfig();
  config.slack.channels = [];
  (config.systems[0] as { dbClusterId?: string }).dbClusterId = undefined;
  const result = runApp({ configFile: writeConfig(config) });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('Invalid ');
  expect(result.stderr).toMatch(/slack\.channels: /);
  expect(result.stderr).toMatch(/systems\.0\.dbClusterId: is required/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

it('fails synth when the configuration file cannot be read, naming it', () => {
  const result = runApp({ configFile: '/nonexistent/webapp-chatops.json' });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('Cannot read /nonexistent/webapp-chatops.json');
});
