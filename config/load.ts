import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeInputProblems } from '../contract/jobnet-input';
import { readCalendarFiles } from './calendar-files';
import { configSchema, type AppConfig } from './schema';

/** A configuration that does not validate; the message lists every bad field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates parsed configuration, naming each bad field ("slack.channels: …"). With `baseDir`
 * (the configuration file's folder) it reads the calendar files into `calendars[].content`;
 * without it a calendar given by `file` alone is checked for shape only and keeps no content.
 */
export function parseConfig(raw: unknown, source = 'configuration', baseDir?: string): AppConfig {
  const files =
    baseDir === undefined ? { config: raw, problems: [] } : readCalendarFiles(raw, baseDir);
  const result = configSchema.safeParse(files.config);
  const problems = [
    ...files.problems,
    ...(result.success ? [] : describeInputProblems(result.error)),
  ];
  if (!result.success || problems.length > 0) {
    throw new ConfigError(`Invalid ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return result.data;
}

/** Reads and validates a JSON configuration file, and the calendar files it names. */
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
  return parseConfig(raw, path, dirname(path));
}

/** ":line:column" of a JSON.parse error, which names only a character position. */
export function jsonErrorPlace(text: string, error: Error): string {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return '';
  const before = text.slice(0, Number(match[1])).split('\n');
  return `:${before.length}:${before[before.length - 1].length + 1}`;
}
