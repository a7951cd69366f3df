import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPLOY_COMMAND, runManifest } from '../../scripts/manifest';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'manifest-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

describe('npm run manifest', () => {
  it('before the first deploy, names the deploy command README gives, config file included', () => {
    const line = runManifest(root);

    expect(line).toContain(
      'npx cdk deploy WebappChatops -c configFile=<your config> --outputs-file cdk-outputs.json',
    );
    expect(readme).toContain(DEPLOY_COMMAND.replace('<your config>', 'config/my.config.json'));
    expect(readFileSync(join(root, 'slack-app-manifest.json'), 'utf8')).toContain(
      'deploy-first.invalid',
    );
  });

  it('after a deploy, writes the request URL from the outputs', () => {
    const url = 'https://abc.lambda-url.us-east-1.on.aws/';
    writeFileSync(
      join(root, 'cdk-outputs.json'),
      JSON.stringify({ WebappChatops: { BotFunctionUrl: url } }),
    );

    expect(runManifest(root)).toBe(`Wrote slack-app-manifest.json with request URL ${url}`);
    expect(readFileSync(join(root, 'slack-app-manifest.json'), 'utf8')).toContain(url);
  });
});
