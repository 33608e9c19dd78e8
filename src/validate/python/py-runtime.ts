/**
 * Run-time helpers of the compiled validators, also required by the precompiled ones, so
 * this file imports nothing.
 */

const MAX_DEPTH = 400;

/**
 * jsonschema's `uniqueItems` (its `equal`): 1 and 1.0 are equal, True and 1 are not,
 * mappings compare without order. Returns the indexes of a duplicate pair, if any.
 */
export function pyDuplicate(items: unknown[]): [number, number] | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const key = canonical(items[i], 0);
    const earlier = seen.get(key);
    if (earlier !== undefined) return [earlier, i];
    seen.set(key, i);
  }
  return undefined;
}
// How the precompiled validators reach this function (see scripts/build/validators.mjs).
pyDuplicate.code = 'require("./py-runtime.ts").pyDuplicate';

function canonical(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new RangeError('maximum recursion depth exceeded while comparing list items');
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return `n${Object.is(value, -0) ? 0 : value}`;
    case 'boolean':
      return `b${value}`;
    case 'symbol':
      return `y${Symbol.keyFor(value) ?? String(value.description)}`;
    case 'object':
      if (value === null) return 'z';
      if (Array.isArray(value)) return `a${JSON.stringify(value.map((item) => canonical(item, depth + 1)))}`;
      return `o${JSON.stringify(
        Object.keys(value)
          .sort()
          .map((key) => [key, canonical((value as Record<string, unknown>)[key], depth + 1)]),
      )}`;
    default:
      return String(value);
  }
}
