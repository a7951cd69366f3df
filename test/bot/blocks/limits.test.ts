import {
  codeBlock,
  escapeMrkdwn,
  listCompactly,
  packLines,
  truncate,
} from '../../../bot/blocks/limits';
import { fenceCount } from './fixtures';

describe('escapeMrkdwn', () => {
  it('escapes &, < and > so untrusted text cannot mention or link', () => {
    expect(escapeMrkdwn('a & b <!channel> <https://x|y> >')).toBe(
      'a &amp; b &lt;!channel&gt; &lt;https://x|y&gt; &gt;',
    );
  });
});

describe('truncate', () => {
  it('leaves text that fits alone and ends cut text with an ellipsis within the limit', () => {
    expect(truncate('abc', 3)).toBe('abc');
    const cut = truncate('abcdefghij', 5);
    expect(cut).toBe('abcd…');
    expect(cut.length).toBe(5);
  });

  it('never splits a surrogate pair, an entity or a link', () => {
    expect(truncate('ab😀😀', 4)).toBe('ab…');
    expect(truncate('ab&amp;cd', 6)).toBe('ab…');
    expect(truncate('see <https://example.com|the console> now', 20)).toBe('see …');
  });
});

describe('codeBlock', () => {
  it('fences text that fits, escaped, without a cut note', () => {
    expect(codeBlock('exit 1 <!here>\n', 100)).toBe('```\nexit 1 &lt;!here&gt;\n```');
  });

  it('neutralises fences inside the text so the block cannot be closed early', () => {
    const block = codeBlock('before ``` after ````', 100);
    expect(fenceCount(block)).toBe(2);
    expect(block).toContain('before ˋˋˋ after ˋˋˋˋ');
  });

  it.each(['head', 'tail'] as const)(
    'keeps the %s of a long text, balanced and within max',
    (keep) => {
      const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} \`\`\` & <x>`);
      const block = codeBlock(lines.join('\n'), 1000, keep);
      expect(block.length).toBeLessThanOrEqual(1000);
      expect(block.startsWith('```\n')).toBe(true);
      expect(block.endsWith('\n```')).toBe(true);
      expect(fenceCount(block)).toBe(2);
      expect(block).toMatch(/… cut \d+ characters/);
      expect(block).toContain(keep === 'head' ? 'line 0 ' : 'line 1999 ');
      expect(block).not.toMatch(/&(?!amp;|lt;|gt;)/);
    },
  );

  it('starts a kept tail at a line start', () => {
    const block = codeBlock(`${'x'.repeat(50)}\nsecond\nlast`, 40, 'tail');
    expect(block).toMatch(/^```\n… cut \d+ characters\n(second\n)?last\n```$/);
  });

  it('refuses a limit too small to hold any block', () => {
    expect(() => codeBlock('x'.repeat(100), 20)).toThrow(RangeError);
  });
});

describe('packLines', () => {
  it('fills chunks up to max and truncates a line longer than max', () => {
    expect(packLines(['aaa', 'bbb', 'ccc'], 7)).toEqual(['aaa\nbbb', 'ccc']);
    expect(packLines(['x'.repeat(20)], 10)).toEqual(['xxxxxxxxx…']);
  });
});

describe('listCompactly', () => {
  it('lists all items when they fit, else counts the rest', () => {
    expect(listCompactly(['a', 'b'], 100)).toBe('a, b');
    const list = listCompactly(
      Array.from({ length: 100 }, (_, i) => `item-${i}`),
      60,
    );
    expect(list.length).toBeLessThanOrEqual(60);
    expect(list).toMatch(/^item-0, item-1, .*… and \d+ more$/);
  });
});
