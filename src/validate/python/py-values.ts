/**
 * The reference validator checks Python objects, as `json.loads` and PyYAML's `safe_load`
 * build them. Most map onto JSON values; a few have no JSON counterpart and must fail every
 * `type` the way they do in jsonschema: a date or datetime (an unquoted `2024-09-17`), bytes
 * (`!!binary`), a set (`!!set`) and a tuple (an item of `!!omap`/`!!pairs`).
 *
 * Those become registered symbols: ajv's generated checks treat a symbol as no JSON type at
 * all, `enum`/`const`/`uniqueItems` compare them by identity (equal Python values share one
 * symbol), and the description says what the user wrote.
 */

export type PyKind = 'date' | 'datetime' | 'bytes' | 'set' | 'tuple';

const PREFIX = 'ai4os-module:py:';

/** The symbol standing for a Python value of `kind` whose canonical text is `text`. */
export function pyValue(kind: PyKind, text: string): symbol {
  return Symbol.for(`${PREFIX}${kind}:${text}`);
}

export function pyValueInfo(value: unknown): { kind: PyKind; text: string } | undefined {
  if (typeof value !== 'symbol') return undefined;
  const key = Symbol.keyFor(value);
  if (!key?.startsWith(PREFIX)) return undefined;
  const rest = key.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  return { kind: rest.slice(0, colon) as PyKind, text: rest.slice(colon + 1) };
}

/** What a value is, in words a user knows: "a date", "a number", "a list". */
export function describeType(value: unknown): string {
  const py = pyValueInfo(value);
  if (py) {
    return {
      date: 'a date',
      datetime: 'a date and time',
      bytes: 'binary data',
      set: 'a set',
      tuple: 'a key/value pair',
    }[py.kind];
  }
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** A short rendering of a value for messages: strings quoted, containers abbreviated. */
export function showValue(value: unknown, max = 60): string {
  const py = pyValueInfo(value);
  let text: string;
  if (py) text = py.text;
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number')
    text = Number.isNaN(value) ? '.nan' : value === Infinity ? '.inf' : value === -Infinity ? '-.inf' : String(value);
  else if (Array.isArray(value)) text = value.length === 0 ? '[]' : `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  else if (value !== null && typeof value === 'object') text = '{…}';
  else text = String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
