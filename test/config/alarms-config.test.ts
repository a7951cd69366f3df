import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, parseConfig } from '../../config/load';
import type { AppConfigInput } from '../../config/schema';

const ROOT = join(__dirname, '..', '..');

function example(): AppConfigInput {
  return JSON.parse(readFileSync(join(ROOT, 'config/example.config.json'), 'utf8'));
}

/** The message of the ConfigError a configuration raises, or '' when it is valid. */
function problems(config: unknown): string {
  try {
    parseConfig(config);
    return '';
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

describe('alarms', () => {
  it('is optional: without it no address is subscribed', () => {
    const { alarms: _alarms, ...config } = example();
    expect(parseConfig(config).alarms).toEqual({ emails: [] });
  });

  it('takes email addresses', () => {
    const config = { ...example(), alarms: { emails: ['ops@example.com', 'oncall@example.org'] } };
    expect(parseConfig(config).alarms.emails).toEqual(['ops@example.com', 'oncall@example.org']);
  });

  it('rejects an address that is not one, naming the field', () => {
    const config = { ...example(), alarms: { emails: ['ops@example.com', 'ops at example'] } };
    expect(problems(config)).toMatch(/alarms\.emails\.1: must be an email address/);
  });

  it('rejects the same address twice, in any case', () => {
    const config = { ...example(), alarms: { emails: ['ops@example.com', 'OPS@example.com'] } };
    expect(problems(config)).toMatch(/alarms\.emails: email addresses must be unique/);
  });

  it('rejects unknown fields, naming them', () => {
    const config = { ...example(), alarms: { emails: [], slackChannel: 'C0EXAMPLE1' } };
    expect(problems(config)).toMatch(/alarms\.slackChannel: is not a known field/);
  });
});
