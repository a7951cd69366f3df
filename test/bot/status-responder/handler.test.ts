import { SFNClient } from '@aws-sdk/client-sfn';
import { parseConfig } from '../../../config/load';
import { makeHandler } from '../../../bot/status-responder/handler';
import { createPowertools } from '../../../observability/powertools';
import { exampleConfig } from '../../helpers/bot-harness';
import { captureOutput, powertoolsOutputOn } from '../../helpers/powertools-output';

describe('the status responder Lambda handler', () => {
  it('logs the answer under the system, never the response URL', async () => {
    // Prepare
    const restoreEnv = powertoolsOutputOn();
    const responseUrl = 'https://hooks.slack.com/commands/T0/1234/s3cr3t-response-path';
    const posted: unknown[] = [];
    const handler = makeHandler(
      {
        observe: async () => {
          throw new Error('DescribeInstances: AccessDenied');
        },
        post: async (_url, body) => {
          posted.push(body);
        },
        sfn: new SFNClient({}),
        slack: async () => {
          throw new Error('a status never writes to a thread');
        },
        now: Date.now,
      },
      createPowertools(),
    );
    const output = captureOutput();

    // Act
    await handler({ system: parseConfig(exampleConfig()).systems[0], executions: [], responseUrl });
    output.restore();
    restoreEnv();

    // Assess
    expect(posted).toHaveLength(1);
    expect(output.logs()).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'Status answered', system: 'shop' }),
    ]);
    expect(output.text()).not.toContain('s3cr3t-response-path');
  });
});
