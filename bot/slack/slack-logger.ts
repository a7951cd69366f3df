import type { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { LogLevel, type Logger } from '@slack/web-api';

/** One log argument as text; what cannot be serialised is shown as a string. */
function asText(part: unknown): string {
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}

/**
 * Bolt's and the Web API client's logger, writing through the function's Powertools logger: their
 * lines become JSON with the invocation's run keys, at the level POWERTOOLS_LOG_LEVEL sets.
 * Debug lines are dropped whatever the level: Bolt logs whole request bodies at debug, and a
 * slash command's body carries Slack's verification token.
 */
export function slackLogger(logger: PowertoolsLogger): Logger {
  let name = 'slack';
  const forward =
    (level: 'info' | 'warn' | 'error') =>
    (...parts: unknown[]): void => {
      const error = parts.find((part): part is Error => part instanceof Error);
      const text = parts
        .filter((part) => part !== error)
        .map(asText)
        .join(' ');
      logger[level](
        { message: text || error?.message || '', slackLogger: name },
        ...(error ? [error] : []),
      );
    };
  return {
    debug: () => undefined,
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    // Powertools' level rules; Bolt's attempt to set its own is ignored.
    setLevel: () => undefined,
    getLevel: () => {
      const level = logger.getLevelName();
      if (level === 'ERROR' || level === 'CRITICAL' || level === 'SILENT') return LogLevel.ERROR;
      return level === 'WARN' ? LogLevel.WARN : LogLevel.INFO;
    },
    setName: (given) => {
      name = given;
    },
  };
}
