import {
  DescribeInstanceStatusCommand,
  EC2Client,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { makeHandler } from '../../../functions/instance-power/handler';
import { createPowertools } from '../../../observability/powertools';
import {
  captureOutput,
  dimensionsOf,
  powertoolsOutputOn,
  type CapturedOutput,
} from '../../helpers/powertools-output';
import { steppingClock } from '../../helpers/stepping-clock';

const ec2Mock = mockClient(EC2Client);
const instanceId = 'i-0123456789abcdef0';
const executionArn =
  'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:stop-shop-20261129T2200-0123abcd';
const event = {
  step: 'StopInstance',
  executionArn,
  runId: 'stop-shop-20261129T2200-0123abcd',
  system: 'shop',
  instanceId,
  action: 'stop' as const,
  timeoutSeconds: 60,
};

let restoreEnv: () => void;
let output: CapturedOutput;
beforeEach(() => {
  ec2Mock.reset();
  restoreEnv = powertoolsOutputOn();
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  restoreEnv();
});

function stateIs(name: 'stopped' | 'running') {
  ec2Mock.on(DescribeInstanceStatusCommand).resolves({
    InstanceStatuses: [{ InstanceId: instanceId, InstanceState: { Name: name } }],
  });
}

describe('the instance-power Lambda handler', () => {
  it('logs the step with the run keys as JSON fields and reports its duration by Step', async () => {
    // Prepare
    stateIs('stopped');
    const handler = makeHandler(
      { ec2: new EC2Client({ region: 'us-east-1' }), clock: steppingClock() },
      createPowertools(),
    );

    // Act
    await handler(event);

    // Assess
    const [done] = output.logs();
    expect(done).toMatchObject({
      level: 'INFO',
      message: 'Step done',
      service: 'webapp-chatops',
      executionArn,
      runId: 'stop-shop-20261129T2200-0123abcd',
      system: 'shop',
      step: 'StopInstance',
      resource: instanceId,
    });
    const [duration] = output.metric('StepDurationSeconds');
    expect(duration).toMatchObject({ service: 'webapp-chatops', Step: 'StopInstance' });
    expect(typeof duration.StepDurationSeconds).toBe('number');
    expect(dimensionsOf(duration)).toEqual([['service', 'Step']]);
    expect(duration._aws).toMatchObject({ CloudWatchMetrics: [{ Namespace: 'WebappChatops' }] });
  });

  it('logs a failed step with its keys, still reports its duration, and forgets the keys after', async () => {
    // Prepare
    ec2Mock.on(DescribeInstanceStatusCommand).rejects(new Error('EC2 is down'));
    ec2Mock.on(StopInstancesCommand).resolves({});
    const tools = createPowertools();
    const handler = makeHandler(
      { ec2: new EC2Client({ region: 'us-east-1' }), clock: steppingClock() },
      tools,
    );

    // Act
    await expect(handler(event)).rejects.toThrow('EC2 is down');
    tools.logger.info('between invocations');

    // Assess
    const logs = output.logs();
    expect(logs.find((l) => l.message === 'Invocation failed')).toMatchObject({
      level: 'ERROR',
      step: 'StopInstance',
      resource: instanceId,
      error: { message: expect.stringContaining('EC2 is down') },
    });
    expect(logs.find((l) => l.message === 'Step failed')).toMatchObject({ runId: event.runId });
    expect(output.metric('StepDurationSeconds')).toHaveLength(1);
    const after = logs.find((l) => l.message === 'between invocations');
    expect(after).not.toHaveProperty('executionArn');
    expect(after).not.toHaveProperty('step');
  });
});
