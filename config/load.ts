import { readFileSync } from 'node:fs';
import { describeInputProblems } from '../contract/jobnet-input';
import { configSchema, type AppConfig } from './schema';

/** A configuration that does not validate; the message lists every bad field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates parsed configuration, naming each bad field ("slack.channels: …"). */
export function parseConfig(raw: unknown, source = 'configuration'): AppConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const problems = describeInputProblems(result.error).map((p) => `  - ${p}`);
    throw new ConfigError(`Invalid ${source}:\n${problems.join('\n')}`);
  }
  return result.data;
}

/** Reads and validates a JSON configuration file. */
export function loadConfigFile(path: string): AppConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `${path}${jsonErrorPlace(text, error as Error)} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseConfig(raw, path);
}

/** ":line:column" of a JSON.parse error, which names only a character position. */
export function jsonErrorPlace(text: string, error: Error): string {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return '';
  const before = text.slice(0, Number(match[1])).split('\n');
  return `:${before.length}:${before[before.length - 1].length + 1}`;
}
