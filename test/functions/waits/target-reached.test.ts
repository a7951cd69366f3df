import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { waitKeys } from '../../../contract/waits';
import { targetReached } from '../../../functions/waits/target-reached';
import { WaitStore } from '../../../functions/waits/wait-store';
import { LOCAL_RUN_STATE_TABLE } from '../../../local/local-dynamodb';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import {
  clusterWait,
  executionArn,
  instanceWait,
  recordingQueue,
  testClock,
  uniqueClusterId,
  uniqueInstanceId,
} from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const sfnMock = mockClient(SFNClient);

function setup() {
  sfnMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  const clock = testClock();
  const store = new WaitStore({ ddb: db.client(), tableName: LOCAL_RUN_STATE_TABLE, clock });
  const queue = recordingQueue();
  const deps = { store, queue, clock, sfn: new SFNClient({ region: 'us-east-1' }) };
  return { clock, store, queue, deps };
}

describe("a task function's own act or look finding the target reached", () => {
  it('completes the wait at once, and a late event then finds nothing to do', async () => {
    const { store, deps } = setup();
    const id = uniqueClusterId();
    const wait = await store.registerBeforeAct(clusterWait(id, 'available'));

    const first = await targetReached(wait, deps.clock.now(), deps);
    const late = await targetReached(wait, deps.clock.now(), deps);

    expect([first, late]).toEqual(['completed', 'ignored']);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)[0].args[0].input.output).toBe(
      JSON.stringify({ step: 'StartDbCluster', clusterId: id, status: 'available' }),
    );
  });

  it('moves a started instance on to its status checks and starts the poll chain', async () => {
    const { clock, store, queue, deps } = setup();
    const id = uniqueInstanceId();
    const arn = executionArn(`reached-${id}`);
    const wait = await store.registerBeforeAct(
      instanceWait(id, 'running', { then: 'status', executionArn: arn }),
    );

    const outcome = await targetReached(wait, clock.now(), deps);

    expect(outcome).toBe('moved');
    expect(sfnMock.calls()).toHaveLength(0);
    expect(await store.get(waitKeys.status(id))).toMatchObject({
      token: wait.token,
      notBefore: clock.now() + 60_000,
    });
    expect(queue.sent).toEqual([
      { message: expect.objectContaining({ executionArn: arn }), delaySeconds: 60 },
    ]);
  });
});
