import { selectSystem } from '../config/execution-input';
import type { SystemConfig } from '../config/schema';
import type { RunKeys } from '../observability/instrument';
import { parseApprovalRef } from './blocks/approval-ref';
import { parseSystemRef } from './blocks/schedule-refs';
import { parseCommand } from './commands/parse-command';
import { runKeysOf } from './run-name';

/** The fields of a slash command's body these keys come from. */
interface CommandBody {
  readonly command: string;
  readonly user_id: string;
  readonly text?: string;
}

/** The fields of a button click's body these keys come from. */
interface ActionsBody {
  readonly type: 'block_actions';
  readonly user?: { readonly id: string };
  readonly actions?: readonly { readonly value?: string }[];
}

/**
 * The run keys of a Slack request, as Bolt parsed it (so only after its signature was checked):
 * who asked, and for a slash command the system and jobnet it names; a run's buttons name the
 * execution (an approval's inside its ref), which names the run; a schedule's, the system.
 */
export function requestKeys(body: object, systems: readonly SystemConfig[]): RunKeys {
  if ('command' in body) {
    const { user_id: slackUser, text } = body as CommandBody;
    const parsed = parseCommand(text);
    if (parsed.kind === 'help' || parsed.kind === 'unknown' || parsed.kind === 'malformed') {
      return { slackUser };
    }
    const selected = selectSystem(systems, parsed.system);
    const jobnet =
      parsed.kind === 'stop' || parsed.kind === 'start'
        ? parsed.kind
        : parsed.kind === 'one-off'
          ? parsed.jobnet
          : undefined;
    return {
      slackUser,
      ...('system' in selected ? { system: selected.system.name } : {}),
      ...(jobnet ? { jobnet } : {}),
    };
  }
  if ((body as Partial<ActionsBody>).type === 'block_actions') {
    const { user, actions } = body as ActionsBody;
    const value = actions?.[0]?.value ?? '';
    const executionArn = parseApprovalRef(value)?.executionArn ?? value;
    // The schedule buttons name a system (and a schedule or a one-off run), not an execution.
    const system = executionArn.startsWith('arn:') ? undefined : parseSystemRef(value)?.system;
    return {
      slackUser: user?.id,
      ...(executionArn.startsWith('arn:') ? runKeysOf(executionArn) : {}),
      ...(system ? { system } : {}),
    };
  }
  return {};
}
