import { BOT_URL_OUTPUT, STACK_IDS } from './names';

/** Stands in for the request URL until the first deploy writes `cdk-outputs.json`. */
export const PLACEHOLDER_REQUEST_URL =
  'https://deploy-first.invalid/run-npx-cdk-deploy-then-npm-run-manifest';

/**
 * The bot token scopes the app uses, and nothing more: slash commands; posting and updating
 * messages; reading user groups (who may request or approve); reading a run's thread (the
 * notifier finds its checklist message there) in public and private channels.
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'usergroups:read',
  'channels:history',
  'groups:history',
] as const;

/** The subset of Slack's app manifest schema this app fills in. */
export interface SlackAppManifest {
  readonly display_information: { name: string; description: string; background_color: string };
  readonly features: {
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: {
      command: string;
      url: string;
      description: string;
      usage_hint: string;
      should_escape: boolean;
    }[];
  };
  readonly oauth_config: { scopes: { bot: string[] } };
  readonly settings: {
    interactivity: { is_enabled: boolean; request_url: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

/**
 * The Slack app manifest: `/webapp` and the interactivity (button) requests both go to the
 * bot's Function URL, or to the placeholder when it is not deployed yet. Pure.
 */
export function buildSlackAppManifest(
  requestUrl: string = PLACEHOLDER_REQUEST_URL,
): SlackAppManifest {
  return {
    display_information: {
      name: 'webapp-chatops',
      description: 'Maintenance jobnets for web systems on AWS: stop, start, approve, follow.',
      background_color: '#232f3e',
    },
    features: {
      bot_user: { display_name: 'webapp-chatops', always_online: true },
      slash_commands: [
        {
          command: '/webapp',
          url: requestUrl,
          description: 'Stop or start a web system, or show its status',
          usage_hint: 'stop | start | status | help [system]',
          should_escape: false,
        },
      ],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      interactivity: { is_enabled: true, request_url: requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

/**
 * The bot's Function URL from the outputs `cdk deploy --outputs-file` writes
 * (`{ "WebappChatops": { "BotFunctionUrl": "https://…" } }`), or undefined when absent.
 */
export function botUrlFromOutputs(outputs: unknown): string | undefined {
  const stack = (outputs as Record<string, Record<string, unknown> | undefined> | null)?.[
    STACK_IDS.main
  ];
  const url = stack?.[BOT_URL_OUTPUT];
  return typeof url === 'string' && url.startsWith('https://') ? url : undefined;
}
