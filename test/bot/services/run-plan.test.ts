import {
  startLocalDynamoDB,
  LOCAL_RUN_STATE_TABLE,
  type LocalDynamoDB,
} from '../../../local/local-dynamodb';
import { WaitStore } from '../../../functions/waits/wait-store';
import { runPlanReader } from '../../../bot/services/run-plan';
import { preparedPlan } from '../../helpers/prepared-run';
import { systemClock } from '../../../contract/clock';

let dynamo: LocalDynamoDB;
beforeAll(async () => {
  dynamo = await startLocalDynamoDB();
});
afterAll(() => dynamo.close());

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:run-plan';

describe('the approval requester reads the plan from the run record', () => {
  it('reads the plan Prepare wrote for the execution', async () => {
    const store = new WaitStore({
      ddb: dynamo.client(),
      tableName: LOCAL_RUN_STATE_TABLE,
      clock: systemClock,
    });
    const plan = preparedPlan('stop');
    await store.putRunRecord(ARN, { plan, scripts: { stop: 's', start: 't', check: 'c' } });

    const read = runPlanReader(dynamo.client(), LOCAL_RUN_STATE_TABLE);

    expect(await read(ARN)).toEqual(plan);
    expect(await read(`${ARN}-other`)).toBeUndefined();
  });
});
