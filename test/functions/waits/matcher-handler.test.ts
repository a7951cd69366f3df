import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { makeHandler } from '../../../functions/waits/matcher-handler';
import { WaitStore } from '../../../functions/waits/wait-store';
import { LOCAL_RUN_STATE_TABLE } from '../../../local/local-dynamodb';
import { createPowertools } from '../../../observability/powertools';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { useCapturedOutput } from '../../helpers/powertools-output';
import {
  executionArn,
  instanceStateEvent,
  instanceWait,
  recordingQueue,
  testClock,
  uniqueInstanceId,
} from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const sfnMock = mockClient(SFNClient);

const output = useCapturedOutput(sfnMock);

describe('the wait matcher Lambda handler', () => {
  it('logs one line per event saying what became of it, without the task token', async () => {
    const clock = testClock();
    const store = new WaitStore({ ddb: db.client(), tableName: LOCAL_RUN_STATE_TABLE, clock });
    const id = uniqueInstanceId();
    const wait = await store.registerBeforeAct(instanceWait(id, 'stopped'));
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    const handler = makeHandler(
      {
        store,
        sfn: new SFNClient({ region: 'us-east-1' }),
        ssm: new SSMClient({ region: 'us-east-1' }),
        queue: recordingQueue(),
        clock,
      },
      createPowertools(),
    );
    clock.advance(40_000);
    const event = instanceStateEvent(id, 'stopped', clock.now());

    await handler(event);
    await handler(event);

    const lines = output()
      .logs()
      .filter((l) => l.message === 'Wait event');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        detailType: 'EC2 Instance State-change Notification',
        eventId: event.id,
        key: wait.pk,
        outcome: 'completed',
        executionArn: executionArn(),
        step: 'StopInstance',
      }),
      expect.objectContaining({ key: wait.pk, outcome: 'ignored' }),
    ]);
    expect(output().text()).not.toContain(wait.token);
  });
});
