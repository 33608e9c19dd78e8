/** Did-you-mean: the known word nearest to what the user typed. */

/**
 * The choice within a few edits of `value`, or else the only choice that begins with it
 * (`GPL-3.0` -> `GPL-3.0-only`, `--dry` -> `--dry-run`), for did-you-mean messages.
 */
export function closestChoice(value: string, choices: readonly string[]): string | undefined {
  return nearest(value, choices) ?? onlyExtension(value, choices);
}

function onlyExtension(value: string, choices: readonly string[]): string | undefined {
  if (value.length < 3) return undefined;
  const longer = choices.filter((choice) => choice.toLowerCase().startsWith(value.toLowerCase()));
  return longer.length === 1 ? longer[0] : undefined;
}

function nearest(value: string, choices: readonly string[]): string | undefined {
  let best: { choice: string; distance: number } | undefined;
  for (const choice of choices) {
    const distance = editDistance(value.toLowerCase(), choice.toLowerCase());
    if (!best || distance < best.distance) best = { choice, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(value.length / 3)) ? best.choice : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
