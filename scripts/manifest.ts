import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildSlackAppManifest, botUrlFromOutputs } from '../infra/slack-app-manifest';

/**
 * Writes `slack-app-manifest.json` for creating (or updating) the Slack app, with the request
 * URL read from `cdk-outputs.json` (`npx cdk deploy --outputs-file cdk-outputs.json`), or a
 * placeholder before the first deploy. Usage: npm run manifest
 */
const OUTPUTS = 'cdk-outputs.json';
const MANIFEST = 'slack-app-manifest.json';

const url = existsSync(OUTPUTS)
  ? botUrlFromOutputs(JSON.parse(readFileSync(OUTPUTS, 'utf8')))
  : undefined;
writeFileSync(MANIFEST, `${JSON.stringify(buildSlackAppManifest(url), null, 2)}\n`);
console.log(
  url
    ? `Wrote ${MANIFEST} with request URL ${url}`
    : `Wrote ${MANIFEST} with a placeholder URL: no BotFunctionUrl in ${OUTPUTS} yet. Deploy with \`npx cdk deploy --outputs-file ${OUTPUTS}\`, then run this again.`,
);
