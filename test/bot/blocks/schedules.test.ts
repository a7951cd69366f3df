import { ACTION_IDS } from '../../../bot/blocks/action-ids';
import { oneOffMessage } from '../../../bot/blocks/one-off';
import {
  parseOccurrenceRef,
  parseOneOffRef,
  parseSystemRef,
  refValue,
} from '../../../bot/blocks/schedule-refs';
import { schedulesMessage } from '../../../bot/blocks/schedules';
import type { OneOffStatus } from '../../../bot/services/schedule-state';
import { systemSchedules } from '../../../bot/services/upcoming';
import { parseConfig } from '../../../config/load';
import { exampleConfig } from '../../helpers/bot-harness';
import { buttonsOf, NOW, oneOffRecord } from '../../helpers/schedule-fixtures';
import { expectAcceptedBySlack, texts } from './fixtures';

const shop = parseConfig(exampleConfig()).systems[0];
const none = { skips: [], oneOffs: [] };

describe('schedulesMessage', () => {
  it('fits Slack with long reasons and descriptions', () => {
    const view = systemSchedules(
      {
        ...shop,
        schedules: shop.schedules.map((s) => ({ ...s, description: 'd'.repeat(200) })),
      },
      {
        hold: { system: 'shop', by: 'U0LEAD', since: NOW, reason: '<!channel> '.repeat(30) },
        ...none,
      },
      new Date(NOW),
    );
    const message = schedulesMessage({ systems: [view], all: false, notice: 'n'.repeat(4000) });
    expectAcceptedBySlack(message);
    expect(texts(message.blocks).join('\n')).not.toContain('<!channel>');
  });

  it('lists each system on one line, without buttons, when all of them do not fit', () => {
    const systems = Array.from({ length: 20 }, (_, i) =>
      systemSchedules({ ...shop, name: `shop-${i}` }, none, new Date(NOW)),
    );
    const message = schedulesMessage({ systems, all: true });
    expectAcceptedBySlack(message);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const all = texts(message.blocks).join('\n');
    expect(all).toContain('*shop-0* — 3 schedules, 0 one-off runs · next Mon 30 Nov 22:00 JST');
    expect(all).toContain('ask `/webapp schedules <system>` for one system');
    expect(buttonsOf(message)).toEqual([]);
  });

  it('shows one system in full even when alone it is long', () => {
    const oneOffs = Array.from({ length: 60 }, (_, i) => oneOffRecord({ id: `o-${i}` }));
    const message = schedulesMessage({
      systems: [systemSchedules(shop, { skips: [], oneOffs }, new Date(NOW))],
      all: false,
    });
    expectAcceptedBySlack(message);
    expect(message.blocks.at(-1)?.type).toBe('context');
  });
});

describe('oneOffMessage', () => {
  it.each<[OneOffStatus, string[]]>([
    [
      'awaiting-approval',
      [ACTION_IDS.oneOffApprove, ACTION_IDS.oneOffReject, ACTION_IDS.oneOffCancel],
    ],
    ['scheduled', [ACTION_IDS.oneOffCancel]],
    ['rejected', []],
    ['cancelled', []],
    ['fired', []],
  ])('%s: buttons %j', (status, ids) => {
    const message = oneOffMessage(
      oneOffRecord({ status, approvedBy: 'U0APPROVER', approvedAt: NOW, endedBy: 'U0LEAD' }),
      shop,
    );
    expectAcceptedBySlack(message);
    expect(buttonsOf(message).map((b) => b.action_id)).toEqual(ids);
  });

  it('lists instance ids compactly and cuts a long script, fences closed', () => {
    const ids = Array.from(
      { length: 40 },
      (_, i) => `i-0a1b2c3d4e5f6${String(i).padStart(4, '0')}`,
    );
    const message = oneOffMessage(oneOffRecord(), {
      ...shop,
      instances: { ids },
      scripts: { ...shop.scripts, stop: 'echo stop\n'.repeat(200) },
    });
    expectAcceptedBySlack(message);
    const all = texts(message.blocks).join('\n');
    expect(all).toMatch(/and \d+ more/);
    expect(all).toMatch(/… cut \d+ characters/);
  });
});

describe('button values', () => {
  it('round-trip ids, and refuse what the bot did not write', () => {
    const occurrence = {
      system: 'shop',
      schedule: 'nightly-stop',
      occurrence: '2026-11-30T13:00:00.000Z',
    };
    expect(parseOccurrenceRef(refValue(occurrence))).toEqual(occurrence);
    expect(parseOneOffRef(refValue({ system: 'shop', oneOff: 'o-1', all: true }))).toEqual({
      system: 'shop',
      oneOff: 'o-1',
      all: true,
    });
    expect(parseSystemRef('{"system":"Shop"}')).toBeUndefined();
    expect(parseSystemRef('not json')).toBeUndefined();
    expect(
      parseOccurrenceRef('{"system":"shop","schedule":"x","occurrence":"soon"}'),
    ).toBeUndefined();
    expect(parseOneOffRef('{"system":"shop","oneOff":"a b"}')).toBeUndefined();
  });
});
