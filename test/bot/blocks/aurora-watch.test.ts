import {
  auroraRestartAlert,
  auroraRestartWarning,
  auroraStopRefValue,
  parseAuroraStopRef,
  warningWithIntent,
} from '../../../bot/blocks/aurora-watch';
import { expectAcceptedBySlack, texts } from './fixtures';

const ref = { system: 'shop', clusterId: 'shop-db', stoppedAt: '2026-11-29T13:09:00.000Z' };
const restartAt = Date.parse('2026-12-06T13:09:00.000Z');

describe('Aurora watch messages', () => {
  it('the warning names the stop and the restart in the system’s zone, with both buttons', () => {
    const message = auroraRestartWarning({
      ...ref,
      restartAt,
      timeZone: 'Asia/Tokyo',
      policy: 'restop',
    });

    expect(texts(message.blocks).join('\n')).toContain(
      '*shop-db* has been stopped since Sun 29 Nov 2026 22:09 JST and will be started by AWS on Sun 6 Dec 2026 22:09 JST',
    );
    expect(message.text).toBe('shop-db will be started by AWS on Sun 6 Dec 2026 22:09 JST');
    expectAcceptedBySlack(message);
  });

  it('a warning someone asked a re-stop from says who, once however often it is asked', () => {
    const { blocks } = auroraRestartWarning({
      ...ref,
      restartAt,
      timeZone: 'UTC',
      policy: 'notify',
    });

    const once = warningWithIntent(blocks, 'U0APPROVER', restartAt - 3_600_000, 'UTC');
    const twice = warningWithIntent(once, 'U0APPROVER', restartAt - 3_600_000, 'UTC');

    expect(twice).toEqual(once);
    expect(texts(once).join('\n')).toContain(
      '🔁 <@U0APPROVER> asked at Sun 6 Dec 2026 12:09 UTC to stop it again after the restart',
    );
  });

  it('the alert without a known stop time still says what happened and what comes next', () => {
    const message = auroraRestartAlert({
      system: 'shop',
      clusterId: 'shop-db',
      startedAt: restartAt,
      timeZone: 'UTC',
      restop: { policy: 'preapproved' },
    });

    const all = texts(message.blocks).join('\n');
    expect(all).toContain('⚠️ AWS started *shop-db*: it had been stopped for 7 days. The web tier');
    expect(all).toContain('Stopping it again (only the DB cluster): it goes ahead without asking.');
    expectAcceptedBySlack(message);
  });

  it('button values round-trip; anything else is not a warning’s', () => {
    expect(parseAuroraStopRef(auroraStopRefValue(ref))).toEqual(ref);
    expect(
      parseAuroraStopRef('{"system":"shop","clusterId":"shop-db","stoppedAt":"soon"}'),
    ).toBeUndefined();
    expect(parseAuroraStopRef('not json')).toBeUndefined();
    expect(parseAuroraStopRef('null')).toBeUndefined();
  });
});
