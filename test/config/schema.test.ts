import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFile, parseConfig } from '../../config/load';
import example from '../../config/example.config.json';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The example configuration with one change; the problems it reports, one per line. */
function problemsWith(change: (config: Raw) => void): string[] {
  const config = structuredClone(example) as Raw;
  change(config);
  try {
    parseConfig(config);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
}

describe('the configuration', () => {
  it('accepts the example', () => {
    expect(problemsWith(() => undefined)).toEqual([]);
  });

  it.each([
    ['slack.foureyes', (c: Raw) => (c.slack.foureyes = false)],
    ['systems.0.timeouts.commandSecond', (c: Raw) => (c.systems[0].timeouts.commandSecond = 60)],
    ['systems.0.maintenancePage.prio', (c: Raw) => (c.systems[0].maintenancePage.prio = 2)],
    ['demo.enable', (c: Raw) => (c.demo.enable = true)],
    ['logRetention', (c: Raw) => (c.logRetention = 30)],
  ])('rejects the unknown field %s, naming it', (field, change) => {
    expect(problemsWith(change)).toEqual([`- ${field}: is not a known field`]);
  });

  it('names the allowed log retentions', () => {
    expect(problemsWith((c) => (c.logRetentionDays = 14))).toEqual([
      '- logRetentionDays: must be one of 30, 60, 90, 180, 365, 731',
    ]);
  });

  it.each(['*', 'sh*p', 'sho?'])('rejects a tag value with a wildcard: %s', (value) => {
    expect(problemsWith((c) => (c.systems[0].instances.tags.System = value))).toEqual([
      '- systems.0.instances.tags.System: must not contain * or ?',
    ]);
  });

  it('rejects two systems on one listener and rule priority, allows another priority', () => {
    const second = (priority: number) => (c: Raw) =>
      c.systems.push({
        ...structuredClone(c.systems[0]),
        name: 'blog',
        maintenancePage: { ...c.systems[0].maintenancePage, priority },
      });
    expect(problemsWith(second(1))).toEqual([
      '- systems.1.maintenancePage.priority: systems 0 and 1 share this listener and rule priority',
    ]);
    expect(problemsWith(second(2))).toEqual([]);
  });

  it('rejects ARNs outside the configured account and region', () => {
    expect(
      problemsWith((c) => {
        c.account = '123456789012';
        c.region = 'us-east-1';
        c.systems[0].targetGroupArn = c.systems[0].targetGroupArn
          .replace('us-east-1', 'eu-west-1')
          .replace('123456789012', '210987654321');
      }),
    ).toEqual([
      '- systems.0.targetGroupArn: is in account 210987654321, not the configured account 123456789012',
      '- systems.0.targetGroupArn: is in region eu-west-1, not the configured region us-east-1',
    ]);
  });

  it('says where a file is not valid JSON, by line and column', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'config-')), 'bad.json');
    writeFileSync(file, '{\n  "slack": {\n    "channels": ["C1"],\n  }\n}\n');
    expect(() => loadConfigFile(file)).toThrow(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:3 is not valid JSON`),
    );
  });
});
