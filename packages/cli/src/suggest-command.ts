/** Edit distance (insertions, deletions, substitutions), enough to catch a typo in a command name. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The command the user most likely meant: a prefix of one, or at most two edits from it. */
export function suggestCommand(typed: string, commands: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  const prefixed = commands.filter((c) => lower.length >= 2 && c.startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  const scored = commands.map((c) => ({ c, d: distance(lower, c) })).filter(({ d }) => d <= 2).sort((x, y) => x.d - y.d);
  return scored[0]?.c;
}
