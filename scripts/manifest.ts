import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSlackAppManifest, botUrlFromOutputs } from '../infra/slack-app-manifest';

/**
 * Writes `slack-app-manifest.json` for creating (or updating) the Slack app, with the request
 * URL read from `cdk-outputs.json` (written by `cdk deploy … --outputs-file cdk-outputs.json`),
 * or a placeholder before the first deploy. Usage: npm run manifest
 */
const OUTPUTS = 'cdk-outputs.json';
const MANIFEST = 'slack-app-manifest.json';

/** The deploy command that writes the outputs this script reads, as README "Deploy" gives it. */
export const DEPLOY_COMMAND = `npx cdk deploy WebappChatops -c configFile=<your config> --outputs-file ${OUTPUTS}`;

/** Writes the manifest under `root` and returns the line to print. */
export function runManifest(root: string): string {
  const outputs = join(root, OUTPUTS);
  const url = existsSync(outputs)
    ? botUrlFromOutputs(JSON.parse(readFileSync(outputs, 'utf8')))
    : undefined;
  writeFileSync(join(root, MANIFEST), `${JSON.stringify(buildSlackAppManifest(url), null, 2)}\n`);
  return url
    ? `Wrote ${MANIFEST} with request URL ${url}`
    : `Wrote ${MANIFEST} with a placeholder URL: no BotFunctionUrl in ${OUTPUTS} yet. Deploy with \`${DEPLOY_COMMAND}\`, then run this again.`;
}

if (require.main === module) {
  console.log(runManifest(process.cwd()));
}
