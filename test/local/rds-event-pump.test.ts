import { auroraWatchEventPattern } from '../../config/aurora-watch-deployment';
import { parseConfig } from '../../config/load';
import { matchesExactPattern, RdsEventPump } from '../../local/rds-event-pump';
import type { RdsEventBridgeEvent } from '../../local/sim-aws';
import { exampleConfig } from '../helpers/bot-harness';
import { newAccount } from './sim-aws/sim-fixture';

const DAY = 86_400_000;
const pattern = auroraWatchEventPattern(parseConfig(exampleConfig())) ?? {};

describe('the local pump of RDS events', () => {
  it('delivers, once each and in order, the events the watch rule matches', async () => {
    // Prepare: the watched cluster and another, both stopped; a clock with no timers of its own.
    const { clock, account } = newAccount();
    account.addDbCluster({ id: 'shop-db', status: 'stopped' });
    account.addDbCluster({ id: 'other-db', status: 'stopped' });
    const delivered: RdsEventBridgeEvent[] = [];
    const pump = new RdsEventPump({
      account,
      clock: { after: () => () => undefined },
      pattern,
      deliver: async (event) => {
        delivered.push(event);
      },
    });
    pump.start();

    // Act
    clock.advance(7 * DAY + 600_000);
    await Promise.all([pump.deliverDue(), pump.deliverDue()]);
    await pump.deliverDue();

    // Assess: only shop-db's RDS-EVENT-0153; not its 0151, nor other-db's, nor the 0150s before start.
    expect(delivered.map((e) => [e.detail.SourceIdentifier, e.detail.EventID])).toEqual([
      ['shop-db', 'RDS-EVENT-0153'],
    ]);
  });

  it('matches exact values only, and refuses a pattern it would misread', () => {
    const event = { source: 'aws.rds', detail: { EventID: 'RDS-EVENT-0153' } };
    expect(matchesExactPattern({ detail: { EventID: ['RDS-EVENT-0153'] } }, event)).toBe(true);
    expect(matchesExactPattern({ source: ['aws.ec2'] }, event)).toBe(false);
    expect(() => matchesExactPattern({ source: [{ prefix: 'aws.' }] }, event)).toThrow(
      'only exact-value patterns are matched locally (source)',
    );
  });
});
