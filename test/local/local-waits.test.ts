import { systemClock } from '../../contract/clock';
import type { PollMessage } from '../../contract/waits';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { LocalEventBus } from '../../local/local-event-bus';
import { createLocalWaits, SWEEP_INTERVAL_MS } from '../../local/local-waits';
import { createSimulatedClients, SimulatedAccount } from '../../local/sim-aws';
import { manualTimer } from '../helpers/manual-timer';

const POLL: PollMessage = { kind: 'poll', executionArn: 'arn:run-1', chain: 'chain-1' };

// The clients are never called here: only the timing of poll messages and the sweep is tested.
function localWaits(active = true) {
  const account = new SimulatedAccount();
  const clock = manualTimer();
  const busClock = { now: () => Date.now(), after: clock.timer };
  const waits = createLocalWaits({
    clients: createSimulatedClients(account),
    ddb: new DynamoDBClient({ region: account.region }),
    tableName: 'run-state',
    clock: systemClock,
    timer: clock.timer,
    sfn: () => new SFNClient({ region: account.region }),
    bus: new LocalEventBus({ account, clock: busClock }),
    active: () => active,
    functionArn: (name) => `arn:aws:lambda:${account.region}:${account.accountId}:function:${name}`,
  });
  return { waits, clock };
}

describe('the local wait machinery', () => {
  it('times a poll message by its DelaySeconds and arms the sweep on the deployed schedule', async () => {
    const { waits, clock } = localWaits();
    await waits.deps.queue.send(POLL, 12);
    waits.armSweep();
    waits.armSweep();
    expect(clock.live()).toEqual([12_000, SWEEP_INTERVAL_MS]);
    expect(waits.counts.pollMessages).toBe(1);
  });

  // A poll chain re-arms itself for as long as its wait lives: left running after shutdown, it
  // kept the process (and the test runner) alive.
  it('takes back every pending timer on stop, and times nothing after', async () => {
    const { waits, clock } = localWaits();
    await waits.deps.queue.send(POLL, 12);
    waits.armSweep();

    waits.stop();
    expect(clock.live()).toEqual([]);

    await waits.deps.queue.send(POLL, 5);
    waits.armSweep();
    expect(clock.live()).toEqual([]);
  });
});
