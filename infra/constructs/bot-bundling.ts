import { join } from 'node:path';

/** Modules replaced by bot/bundle-stub.ts when the bot is bundled for Lambda (see that file). */
export const BOT_BUNDLE_STUBBED = ['@slack/socket-mode', '@slack/oauth', 'raw-body'] as const;

/** esbuild `alias` entries for the bot bundle, as absolute paths. */
export function botBundleAliases(root: string): Record<string, string> {
  const stub = join(root, 'bot', 'bundle-stub.ts');
  return Object.fromEntries(BOT_BUNDLE_STUBBED.map((name) => [name, stub]));
}
