import type { OneOff } from '../../bot/services/schedule-state';

/**
 * The instant the schedule tests stand at: Monday 30 Nov 2026, 12:00 in Tokyo (the example
 * system's zone), 03:00 UTC. Only Date is faked; timers, sockets and promises run for real.
 */
export const NOW = Date.parse('2026-11-30T03:00:00Z');

/** Freezes Date (only Date) at `at` for the tests of a file. */
export function freezeDate(at: number = NOW): void {
  jest.useFakeTimers({
    now: at,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

/** A button in a message's blocks, in an actions block or as a section's accessory. */
export interface FoundButton {
  readonly action_id: string;
  readonly value: string;
  readonly text: string;
}

/** Every button of a message, in order. */
export function buttonsOf(message: { blocks?: unknown[] } | undefined): FoundButton[] {
  const found: FoundButton[] = [];
  for (const block of (message?.blocks ?? []) as {
    elements?: unknown[];
    accessory?: unknown;
  }[]) {
    for (const element of [...(block.elements ?? []), block.accessory] as {
      type?: string;
      action_id?: string;
      value?: string;
      text?: { text?: string };
    }[]) {
      if (element?.type === 'button') {
        found.push({
          action_id: element.action_id ?? '',
          value: element.value ?? '',
          text: element.text?.text ?? '',
        });
      }
    }
  }
  return found;
}

/** All the text a message's blocks show, joined: what a reader sees. */
export function shownText(message: { text?: string; blocks?: unknown[] } | undefined): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string' && record.type !== 'plain_text') texts.push(record.text);
      if (record.type === 'plain_text' && typeof record.text === 'string') {
        texts.push(record.text);
      }
      for (const [key, value] of Object.entries(record)) {
        if (key !== 'text' || typeof value !== 'string') walk(value);
      }
    }
  };
  walk(message?.blocks ?? []);
  return texts.join('\n');
}

/** A one-off run of shop as the bot records it when asked. */
export function oneOffRecord(overrides: Partial<OneOff> = {}): OneOff {
  return {
    id: 'stop-shop-20261205T1300-0123abcd',
    system: 'shop',
    jobnet: 'stop',
    at: '2026-12-05T13:00:00.000Z',
    timeZone: 'Asia/Tokyo',
    requestedBy: 'U0REQUESTER',
    requestedAt: NOW,
    status: 'awaiting-approval',
    channel: 'C0EXAMPLE1',
    ...overrides,
  };
}
