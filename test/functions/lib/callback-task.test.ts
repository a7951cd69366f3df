import {
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { succeedNow } from '../../../functions/lib/callback-task';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { taskWaitDeps } from '../../helpers/task-fixtures';

const db = useLocalDynamoDB();
const sfnMock = mockClient(SFNClient);
beforeEach(() => sfnMock.reset());

const meta = { $metadata: { httpStatusCode: 400 } };

describe('completing a step that had nothing to wait for', () => {
  it('sends the output as the task’s success', async () => {
    sfnMock.on(SendTaskSuccessCommand).resolves({});

    await succeedNow(
      'token-1',
      { step: 'StopApache', skipped: 'instance is stopped' },
      taskWaitDeps(db.client()),
    );

    expect(sfnMock.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toEqual([
      { taskToken: 'token-1', output: '{"step":"StopApache","skipped":"instance is stopped"}' },
    ]);
  });

  it.each([
    ['TaskDoesNotExist', () => new TaskDoesNotExist({ ...meta, message: 'Task does not exist' })],
    ['TaskTimedOut', () => new TaskTimedOut({ ...meta, message: 'Task Timed Out' })],
    ['InvalidToken', () => new InvalidToken({ ...meta, message: 'Invalid token' })],
  ])('leaves a task that is gone (%s) as it is: the step is over', async (_name, gone) => {
    sfnMock.on(SendTaskSuccessCommand).rejects(gone());

    await expect(succeedNow('token-1', {}, taskWaitDeps(db.client()))).resolves.toBeUndefined();
  });

  it('tries a throttled send again after a pause', async () => {
    const deps = taskWaitDeps(db.client());
    sfnMock
      .on(SendTaskSuccessCommand)
      .rejectsOnce(
        new SFNServiceException({
          ...meta,
          name: 'ThrottlingException',
          $fault: 'client',
          message: 'Rate exceeded',
        }),
      )
      .resolves({});

    await succeedNow('token-1', {}, deps);

    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(2);
    expect(deps.sleeps).toHaveLength(1);
  });

  it('fails on any other refusal', async () => {
    sfnMock.on(SendTaskSuccessCommand).rejects(
      new SFNServiceException({
        ...meta,
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'no',
      }),
    );

    await expect(succeedNow('token-1', {}, taskWaitDeps(db.client()))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });
});
