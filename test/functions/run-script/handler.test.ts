import { EC2Client } from '@aws-sdk/client-ec2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { makeHandler } from '../../../functions/run-script/handler';
import type { RunScriptEvent } from '../../../functions/run-script/run-script';
import { cachedScripts } from '../../../functions/run-script/script-source';
import { createPowertools } from '../../../observability/powertools';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { useCapturedOutput } from '../../helpers/powertools-output';
import { callbackTaskEvent, taskWaitDeps } from '../../helpers/task-fixtures';
import { uniqueCommandId, uniqueInstanceId } from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const ssmMock = mockClient(SSMClient);
const sfnMock = mockClient(SFNClient);

const output = useCapturedOutput(ssmMock, sfnMock);

async function setup(withRecord: boolean) {
  const waits = taskWaitDeps(db.client());
  const handler = makeHandler(
    {
      ssm: new SSMClient({ region: 'us-east-1' }),
      ec2: new EC2Client({ region: 'us-east-1' }),
      waits,
      scripts: cachedScripts((arn) => waits.store.getRunRecord(arn)),
    },
    createPowertools(),
  );
  const event: RunScriptEvent = {
    ...callbackTaskEvent('StopApache'),
    instanceId: uniqueInstanceId(),
    script: 'stop',
    expect: 'success',
    whenNotRunning: 'skip',
    executionTimeoutSeconds: 300,
  };
  if (withRecord) {
    await waits.store.putRunRecord(event.executionArn, {
      plan: {
        jobnet: 'stop',
        instances: [],
        db: { id: 'shop-db', status: 'available' },
        maintenancePage: 'down',
        targets: [],
        changes: [],
      },
      scripts: { stop: 'systemctl stop httpd', start: 'systemctl start httpd', check: 'true' },
    });
  }
  return { handler, event };
}

describe('the run-script Lambda handler', () => {
  it('logs one line per invocation, with the run keys and the wait it left, never the token', async () => {
    // Prepare
    const { handler, event } = await setup(true);
    ssmMock.on(SendCommandCommand).resolves({ Command: { CommandId: uniqueCommandId() } });

    // Act
    await handler(event);

    // Assess
    expect(output().logs()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'Step done',
        executionArn: event.executionArn,
        runId: event.runId,
        system: 'shop',
        step: 'StopApache',
        resource: event.instanceId,
        outcome: 'waiting',
        seen: 'sent',
      }),
    ]);
    expect(output().text()).not.toContain(event.taskToken);
  });

  it('logs a failed step with its keys and the cause, never the token', async () => {
    // Prepare
    const { handler, event } = await setup(false);

    // Act
    await expect(handler(event)).rejects.toMatchObject({ name: 'Jobnet.InvalidInput' });

    // Assess
    const logs = output().logs();
    expect(logs.map((l) => l.message)).toEqual(['Invocation failed', 'Step failed']);
    expect(logs[0]).toMatchObject({
      level: 'ERROR',
      step: 'StopApache',
      resource: event.instanceId,
      error: { message: expect.stringContaining("the run's record has no stop script") },
    });
    expect(output().text()).not.toContain(event.taskToken);
    expect(ssmMock.calls()).toHaveLength(0);
  });
});
