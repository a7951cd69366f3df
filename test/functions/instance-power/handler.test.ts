import { EC2Client, EC2ServiceException, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { makeHandler } from '../../../functions/instance-power/handler';
import { createPowertools } from '../../../observability/powertools';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { dimensionsOf, useCapturedOutput } from '../../helpers/powertools-output';
import { callbackTaskEvent, taskWaitDeps } from '../../helpers/task-fixtures';
import { uniqueInstanceId } from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const ec2Mock = mockClient(EC2Client);
const sfnMock = mockClient(SFNClient);

const output = useCapturedOutput(ec2Mock, sfnMock);
beforeEach(() => {
  sfnMock.on(SendTaskSuccessCommand).resolves({});
});

function setup() {
  const tools = createPowertools();
  const handler = makeHandler(
    { ec2: new EC2Client({ region: 'us-east-1' }), waits: taskWaitDeps(db.client()) },
    tools,
  );
  const event = {
    ...callbackTaskEvent('StopInstance'),
    instanceId: uniqueInstanceId(),
    action: 'stop' as const,
  };
  return { tools, handler, event };
}

describe('the instance-power Lambda handler', () => {
  it('logs one line per invocation, with the run keys and how the step went, never the token', async () => {
    // Prepare
    const { handler, event } = setup();
    ec2Mock
      .on(StopInstancesCommand)
      .resolves({ StoppingInstances: [{ CurrentState: { Name: 'stopping' } }] });

    // Act
    await handler(event);

    // Assess
    expect(output().logs()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'Step done',
        service: 'webapp-chatops',
        executionArn: event.executionArn,
        runId: event.runId,
        system: 'shop',
        step: 'StopInstance',
        resource: event.instanceId,
        outcome: 'waiting',
        seen: 'stopping',
      }),
    ]);
    expect(output().text()).not.toContain(event.taskToken);
    const [duration] = output().metric('StepDurationSeconds');
    expect(duration).toMatchObject({ service: 'webapp-chatops', Step: 'StopInstance' });
    expect(typeof duration.StepDurationSeconds).toBe('number');
    expect(dimensionsOf(duration)).toEqual([['service', 'Step']]);
  });

  it('logs a failed step with its keys and no token, and forgets the keys after', async () => {
    // Prepare
    const { tools, handler, event } = setup();
    ec2Mock.on(StopInstancesCommand).rejects(
      new EC2ServiceException({
        name: 'IncorrectInstanceState',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'The instance is pending',
      }),
    );

    // Act
    await expect(handler(event)).rejects.toMatchObject({ name: 'Jobnet.ResourceBusy' });
    tools.logger.info('between invocations');

    // Assess
    const logs = output().logs();
    expect(logs.map((l) => l.message)).toEqual([
      'Invocation failed',
      'Step failed',
      'between invocations',
    ]);
    expect(logs[0]).toMatchObject({
      level: 'ERROR',
      step: 'StopInstance',
      resource: event.instanceId,
      error: { message: expect.stringContaining('EC2 refused to stop it') },
    });
    expect(logs[1]).toMatchObject({ runId: event.runId });
    expect(logs[1]).not.toHaveProperty('outcome');
    expect(output().text()).not.toContain(event.taskToken);
    expect(output().metric('StepDurationSeconds')).toHaveLength(1);
    expect(logs[2]).not.toHaveProperty('executionArn');
    expect(logs[2]).not.toHaveProperty('step');
  });
});
