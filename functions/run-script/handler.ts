import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '../../contract/clock';
import { runScript, type RunScriptDeps, type RunScriptEvent } from './run-script';

/** Builds the Lambda handler around injected clients. */
export const makeHandler = (deps: RunScriptDeps) => (event: RunScriptEvent) =>
  runScript(event, deps);

export const handler = makeHandler({
  ssm: new SSMClient({}),
  ec2: new EC2Client({}),
  clock: systemClock,
});
