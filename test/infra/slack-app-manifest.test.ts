import {
  BOT_SCOPES,
  PLACEHOLDER_REQUEST_URL,
  botUrlFromOutputs,
  buildSlackAppManifest,
} from '../../infra/slack-app-manifest';

const URL = 'https://abc123.lambda-url.eu-west-1.on.aws/';

describe('buildSlackAppManifest', () => {
  it('sends /webapp and the button clicks to the deployed Function URL', () => {
    const manifest = buildSlackAppManifest(URL);
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/webapp', url: URL, should_escape: false }),
    ]);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: URL });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for exactly the bot scopes the app uses', () => {
    expect(buildSlackAppManifest(URL).oauth_config.scopes.bot).toEqual([
      'commands',
      'chat:write',
      'usergroups:read',
      'channels:history',
      'groups:history',
    ]);
    expect(BOT_SCOPES).toHaveLength(5);
  });

  it('uses a clearly invalid placeholder before the first deploy', () => {
    const manifest = buildSlackAppManifest();
    expect(manifest.features.slash_commands[0].url).toBe(PLACEHOLDER_REQUEST_URL);
    expect(manifest.settings.interactivity.request_url).toBe(PLACEHOLDER_REQUEST_URL);
    expect(new globalThis.URL(PLACEHOLDER_REQUEST_URL).hostname).toMatch(/\.invalid$/);
  });

  it('keeps the fields Slack limits within their limits', () => {
    const manifest = buildSlackAppManifest(URL);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.background_color).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('botUrlFromOutputs', () => {
  it('reads BotFunctionUrl of the WebappChatops stack', () => {
    expect(botUrlFromOutputs({ WebappChatops: { BotFunctionUrl: URL, Other: 'x' } })).toBe(URL);
  });

  it('gives undefined when the stack or the output is missing or not a URL', () => {
    expect(botUrlFromOutputs({})).toBeUndefined();
    expect(botUrlFromOutputs(null)).toBeUndefined();
    expect(botUrlFromOutputs({ WebappChatopsDemo: { BotFunctionUrl: URL } })).toBeUndefined();
    expect(botUrlFromOutputs({ WebappChatops: { BotFunctionUrl: 42 } })).toBeUndefined();
  });
});
