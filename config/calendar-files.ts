import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ICALENDAR_PROBLEM, isICalendar } from './schedules-schema';

/**
 * Reads each `calendars[].file` of a raw configuration, relative to `baseDir` (the
 * configuration file's folder), into `calendars[].content`, so infra and the local mode never
 * read files. Returns a copy, and a problem for each file that cannot be read or is not
 * iCalendar (that entry keeps no content).
 */
export function readCalendarFiles(
  raw: unknown,
  baseDir: string,
): { config: unknown; problems: string[] } {
  const calendars = (raw as { calendars?: unknown } | null)?.calendars;
  if (!Array.isArray(calendars)) return { config: raw, problems: [] };
  const problems: string[] = [];
  const read = calendars.map((calendar: unknown, index) => {
    const { file, content } = (calendar ?? {}) as { file?: unknown; content?: unknown };
    if (typeof file !== 'string' || file === '' || content !== undefined) return calendar;
    let text: string;
    try {
      text = readFileSync(resolve(baseDir, file), 'utf8');
    } catch (error) {
      problems.push(`calendars.${index}.file: cannot read ${file}: ${(error as Error).message}`);
      return calendar;
    }
    if (!isICalendar(text)) {
      problems.push(`calendars.${index}.file: ${file} ${ICALENDAR_PROBLEM}`);
      return calendar;
    }
    return { ...(calendar as object), content: text };
  });
  return { config: { ...(raw as object), calendars: read }, problems };
}
