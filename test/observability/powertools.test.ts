import { EC2Client } from '@aws-sdk/client-ec2';
import { instrument } from '../../observability/instrument';
import { createPowertools } from '../../observability/powertools';
import { captureOutput, powertoolsOutputOn } from '../helpers/powertools-output';

describe('createPowertools', () => {
  it('does not trace outside Lambda: clients come back untouched, nothing reaches for X-Ray', () => {
    // Prepare
    const { tracer } = createPowertools();
    const client = new EC2Client({ region: 'us-east-1' });

    // Act
    const captured = tracer.captureAWSv3Client(client);

    // Assess
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(captured).toBe(client);
  });
});

describe('instrument', () => {
  let restoreEnv: () => void;
  beforeEach(() => {
    restoreEnv = powertoolsOutputOn();
  });
  afterEach(() => restoreEnv());

  it('adds the Lambda context when there is one, and never logs the event', async () => {
    // Prepare
    const tools = createPowertools();
    const handler = instrument(
      tools,
      async (event: { taskToken: string; system: string }) => {
        tools.logger.info('working');
        return event.system;
      },
      { keys: (event) => ({ system: event.system }) },
    );
    const output = captureOutput();

    // Act
    await handler(
      { taskToken: 'AQCsecret-task-token', system: 'shop' },
      {
        functionName: 'webapp-chatops-bot',
        functionVersion: '$LATEST',
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:webapp-chatops-bot',
        memoryLimitInMB: '256',
        awsRequestId: 'request-1',
      },
    );
    output.restore();

    // Assess
    expect(output.logs()).toEqual([
      expect.objectContaining({
        message: 'working',
        system: 'shop',
        function_name: 'webapp-chatops-bot',
        function_request_id: 'request-1',
      }),
    ]);
    expect(output.text()).not.toContain('AQCsecret-task-token');
  });

  it('flushes stored metrics when the handler throws', async () => {
    // Prepare
    const tools = createPowertools();
    const handler = instrument(tools, async () => {
      tools.metrics.addMetric('NotifierLagSeconds', 'Seconds', 2);
      throw new Error('Slack is down');
    });
    const output = captureOutput();

    // Act
    await expect(handler({})).rejects.toThrow('Slack is down');
    output.restore();

    // Assess
    expect(output.metric('NotifierLagSeconds')).toEqual([
      expect.objectContaining({ NotifierLagSeconds: 2, service: 'webapp-chatops' }),
    ]);
  });
});
