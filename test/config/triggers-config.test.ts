import { ConfigError, parseConfig } from '../../config/load';
import { eventTriggersOf, triggerPattern } from '../../config/triggers-schema';
import example from '../../config/example.config.json';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALARM_PATTERN = {
  source: ['aws.cloudwatch'],
  'detail-type': ['CloudWatch Alarm State Change'],
  detail: { alarmName: ['shop-5xx'], state: { value: ['ALARM'] } },
};

/** The example with the given triggers on its system (and nothing else changed). */
function raw(triggers: unknown[], change: (config: Raw) => void = () => undefined): Raw {
  const config = structuredClone(example) as Raw;
  config.systems[0].triggers = triggers;
  change(config);
  return config;
}

/** The problems a configuration reports, one per line. */
function problemsOf(config: Raw): string[] {
  try {
    parseConfig(config);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim().replace(/^- /, ''));
  }
}

const trigger = (fields: Raw = {}): Raw => ({
  name: 'alarm-5xx',
  jobnet: 'stop',
  pattern: ALARM_PATTERN,
  ...fields,
});

describe('triggers in the configuration', () => {
  it('accepts a trigger of each policy, a pattern as an object or a JSON string', () => {
    const config = parseConfig(
      raw([
        trigger(),
        trigger({
          name: 'deploy-failed',
          pattern: JSON.stringify({ source: ['shop.deploy'], 'detail-type': ['Deploy Failed'] }),
          approval: 'unless-held',
          holdWindowMinutes: 10,
        }),
        trigger({ name: 'quiet', approval: 'preapproved', description: 'Night alarms' }),
      ]),
    );
    const triggers = config.systems[0].triggers;
    expect(triggers.map((t) => [t.name, t.approval])).toEqual([
      ['alarm-5xx', 'required'],
      ['deploy-failed', 'unless-held'],
      ['quiet', 'preapproved'],
    ]);
    expect(triggerPattern(triggers[1])).toEqual({
      source: ['shop.deploy'],
      'detail-type': ['Deploy Failed'],
    });
  });

  it('names the field of a pattern that cannot match', () => {
    const bad = (pattern: unknown) => problemsOf(raw([trigger(), trigger({ name: 'b', pattern })]));
    expect(bad({ source: ['a'], 'detail-type': 'Deploy Failed' })).toEqual([
      'systems.0.triggers.1.pattern.detail-type: must be an array',
    ]);
    expect(bad('{"source": ["a"]')[0]).toMatch(/^systems\.0\.triggers\.1\.pattern: is not JSON: /);
    expect(bad({ source: ['a'], alarm: ['x'] })[0]).toMatch(
      /^systems\.0\.triggers\.1\.pattern\.alarm: is not a field of an event's envelope/,
    );
    expect(bad({ source: [] })).toEqual([
      'systems.0.triggers.1.pattern.source: must not be empty (an empty array matches nothing)',
    ]);
    expect(bad({ source: [{ prefixx: 'a' }] })[0]).toMatch(
      /^systems\.0\.triggers\.1\.pattern\.source\.0\.prefixx: is not an operator/,
    );
    expect(bad({ ...ALARM_PATTERN, detail: { alarm: ['shop-5xx'] } })[0]).toMatch(
      /^systems\.0\.triggers\.1\.pattern\.detail\.alarm: is not a field of CloudWatch Alarm State Change events/,
    );
  });

  it('refuses two triggers of one name, and the Aurora watch’s own name', () => {
    expect(problemsOf(raw([trigger(), trigger()]))).toEqual([
      'systems.0.triggers.1.name: another trigger of shop is named alarm-5xx',
    ]);
    expect(problemsOf(raw([trigger({ name: 'aurora-restop' })]))).toEqual([
      "systems.0.triggers.0.name: aurora-restop is the Aurora watch's own trigger (auroraWatch.policy restop); choose another name",
    ]);
  });

  it("the Aurora watch's re-stop has a hold window only with unless-held, within the approval timeout", () => {
    expect(
      problemsOf(
        raw([], (c) => {
          c.systems[0].auroraWatch = {
            policy: 'restop',
            approval: 'required',
            holdWindowMinutes: 15,
          };
        }),
      ),
    ).toEqual([
      'systems.0.auroraWatch.holdWindowMinutes: only an unless-held re-stop has a hold window; this one is required',
    ]);
    expect(
      problemsOf(
        raw([], (c) => {
          c.systems[0].auroraWatch = {
            policy: 'restop',
            approval: 'unless-held',
            holdWindowMinutes: 61,
          };
        }),
      ),
    ).toEqual([
      'systems.0.auroraWatch.holdWindowMinutes: must be at most 60 minutes, the approval timeout (slack.approvalTimeoutSeconds); without a value it is 15',
    ]);
  });

  it('a hold window only with unless-held, and within the approval timeout', () => {
    expect(problemsOf(raw([trigger({ holdWindowMinutes: 10 })]))).toEqual([
      'systems.0.triggers.0.holdWindowMinutes: only an unless-held trigger has a hold window; this one is required',
    ]);
    expect(problemsOf(raw([trigger({ approval: 'unless-held', holdWindowMinutes: 61 })]))).toEqual([
      'systems.0.triggers.0.holdWindowMinutes: must be at most 60 minutes, the approval timeout (slack.approvalTimeoutSeconds); without a value it is 15',
    ]);
    // The default window (15 min) must fit too.
    expect(
      problemsOf(
        raw([trigger({ approval: 'unless-held' })], (c) => {
          c.slack.approvalTimeoutSeconds = 600;
          c.systems[0].schedules = [];
          delete c.systems[0].auroraWatch;
        }),
      ),
    ).toEqual([
      'systems.0.triggers.0.holdWindowMinutes: must be at most 10 minutes, the approval timeout (slack.approvalTimeoutSeconds); without a value it is 15',
    ]);
  });

  it('refuses an unknown field of a trigger, naming it', () => {
    expect(problemsOf(raw([trigger({ policy: 'required' })]))).toEqual([
      'systems.0.triggers.0.policy: is not a known field',
    ]);
  });
});

describe('eventTriggersOf', () => {
  it('the configured triggers with the default hold window, then the Aurora re-stop', () => {
    const config = parseConfig(
      raw([trigger(), trigger({ name: 'deploy-failed', approval: 'unless-held' })], (c) => {
        c.systems[0].auroraWatch = { policy: 'restop', approval: 'preapproved' };
      }),
    );
    expect(eventTriggersOf(config.systems[0])).toEqual([
      { name: 'alarm-5xx', jobnet: 'stop', approval: 'required', scope: 'system' },
      {
        name: 'deploy-failed',
        jobnet: 'stop',
        approval: 'unless-held',
        holdWindowMinutes: 15,
        scope: 'system',
      },
      {
        name: 'aurora-restop',
        jobnet: 'stop',
        approval: 'preapproved',
        description: 'Aurora 7-day restart: stop the DB cluster again',
        scope: 'database',
      },
    ]);
  });
});
