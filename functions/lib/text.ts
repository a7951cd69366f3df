/** The last `maxChars` characters of a command's output, cut at a line start when possible. */
export function tail(text: string | undefined, maxChars: number): string {
  const trimmed = (text ?? '').trimEnd();
  if (trimmed.length <= maxChars) return trimmed;
  const cut = trimmed.slice(trimmed.length - maxChars);
  const newline = cut.indexOf('\n');
  const body = newline >= 0 && newline < cut.length - 1 ? cut.slice(newline + 1) : cut;
  return `…${body}`;
}
