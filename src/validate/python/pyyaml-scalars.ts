/**
 * Scalars as PyYAML's SafeLoader (YAML 1.1) reads them: the implicit resolvers of
 * `yaml/resolver.py` and the constructors of `yaml/constructor.py` (PyYAML 6.0), ported
 * regex for regex. The `yaml` npm package's own 1.1 schema differs (it reads `y`/`n` as
 * booleans, `1e3` as a number, `+.5` as a float), so scalars are resolved here instead.
 *
 * A constructor that raises a Python exception other than a YAML error (ValueError on
 * `2024-02-30`, KeyError on `!!bool maybe`) makes the reference exit with 4; those come
 * back as `{ crash }`. A YAML ConstructorError (exit 2) comes back as `{ error }`.
 */
import { saturate, PY_INT_MAX_DIGITS } from './json.js';
import { pyValue } from './py-values.js';

export const TAG = 'tag:yaml.org,2002:';

// Each regex is PyYAML's, with re.X whitespace removed. Python's `$` also matches before a
// final newline; `fullMatch` below does the same.
const RESOLVERS: [string, RegExp][] = [
  ['bool', /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/],
  [
    'float',
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  ],
  ['int', /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/],
  ['merge', /^(?:<<)$/],
  ['null', /^(?:~|null|Null|NULL|)$/],
  [
    'timestamp',
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  ],
  ['value', /^(?:=)$/],
];

function fullMatch(regex: RegExp, value: string): RegExpExecArray | null {
  return regex.exec(value) ?? (value.endsWith('\n') ? regex.exec(value.slice(0, -1)) : null);
}

/** The tag PyYAML gives a scalar it has to resolve (plain, or tagged with `!`). */
export function resolveScalarTag(value: string): string {
  for (const [name, regex] of RESOLVERS) {
    if (fullMatch(regex, value)) return TAG + name;
  }
  return `${TAG}str`;
}

export type Constructed =
  | { value: unknown }
  /** A YAML ConstructorError: the file does not load (exit 2). */
  | { error: string }
  /** Another Python exception: the reference crashes (exit 4). */
  | { crash: string };

/** Python's `int(text, base)` on what PyYAML hands it (underscores already removed). */
function pyInt(text: string, base: number): Constructed {
  const digits = text.trim();
  const valid = { 2: /^[+-]?[01]+$/, 8: /^[+-]?[0-7]+$/, 10: /^[+-]?[0-9]+$/, 16: /^[+-]?[0-9a-fA-F]+$/ }[base as 2 | 8 | 10 | 16];
  if (!valid.test(digits)) return { crash: `invalid literal for int() with base ${base}: '${text}'` };
  const unsigned = digits.replace(/^[+-]/, '');
  if (base === 10 && unsigned.length > PY_INT_MAX_DIGITS) {
    return {
      crash: `a number with ${unsigned.length} digits: Python refuses to convert integers of more than ${PY_INT_MAX_DIGITS} digits`,
    };
  }
  const sign = digits.startsWith('-') ? -1 : 1;
  const magnitude = base === 10 ? Number(unsigned) : unsigned.split('').reduce((n, d) => n * base + parseInt(d, base), 0);
  return { value: saturate(sign * magnitude) };
}

/** Python's `float(text)`. */
function pyFloat(text: string): Constructed {
  const t = text.trim().toLowerCase();
  if (/^[+-]?(?:inf|infinity)$/.test(t)) return { value: t.startsWith('-') ? -Infinity : Infinity };
  if (/^[+-]?nan$/.test(t)) return { value: NaN };
  if (/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?$/.test(t)) return { value: Number(t) };
  return { crash: `could not convert string to float: '${text}'` };
}

function constructInt(raw: string): Constructed {
  let value = raw.replace(/_/g, '');
  if (value === '') return { crash: 'string index out of range (an empty !!int)' };
  const sign = value[0] === '-' ? -1 : 1;
  if ('+-'.includes(value[0]!)) value = value.slice(1);
  const signed = (c: Constructed): Constructed => ('value' in c ? { value: sign * (c.value as number) } : c);
  if (value === '0') return { value: 0 };
  if (value.startsWith('0b')) return signed(pyInt(value.slice(2), 2));
  if (value.startsWith('0x')) return signed(pyInt(value.slice(2), 16));
  if (value[0] === '0') return signed(pyInt(value, 8));
  if (value.includes(':')) {
    let total = 0;
    for (const part of value.split(':')) {
      const digit = pyInt(part, 10);
      if (!('value' in digit)) return digit;
      total = total * 60 + (digit.value as number);
    }
    return { value: sign * total };
  }
  return signed(pyInt(value, 10));
}

function constructFloat(raw: string): Constructed {
  let value = raw.replace(/_/g, '').toLowerCase();
  if (value === '') return { crash: 'string index out of range (an empty !!float)' };
  const sign = value[0] === '-' ? -1 : 1;
  if ('+-'.includes(value[0]!)) value = value.slice(1);
  if (value === '.inf') return { value: sign * Infinity };
  if (value === '.nan') return { value: NaN };
  if (value.includes(':')) {
    let total = 0;
    for (const part of value.split(':')) {
      const digit = pyFloat(part);
      if (!('value' in digit)) return digit;
      total = total * 60 + (digit.value as number);
    }
    return { value: sign * total };
  }
  const parsed = pyFloat(value);
  return 'value' in parsed ? { value: sign * (parsed.value as number) } : parsed;
}

const BOOLS: Record<string, boolean> = { yes: true, no: false, true: true, false: false, on: true, off: false };

const TIMESTAMP =
  /^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Python's datetime.date / datetime.datetime, which raise ValueError on impossible dates. */
export function constructTimestamp(raw: string): Constructed {
  const m = fullMatch(TIMESTAMP, raw);
  if (!m) return { crash: `'NoneType' object has no attribute 'groupdict' (${JSON.stringify(raw)} is not a timestamp)` };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1) return { crash: `year ${year} is out of range` };
  if (month < 1 || month > 12) return { crash: 'month must be in 1..12' };
  if (day < 1 || day > monthLength(year, month)) return { crash: 'day is out of range for month' };
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (m[4] === undefined) return { value: pyValue('date', date) };
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (hour > 23) return { crash: 'hour must be in 0..23' };
  if (minute > 59) return { crash: 'minute must be in 0..59' };
  if (second > 59) return { crash: 'second must be in 0..59' };
  const fraction = m[7] ? `.${m[7].slice(0, 6).padEnd(6, '0')}` : '';
  let zone = '';
  if (m[9]) {
    const offset = Number(m[10]) * 60 + Number(m[11] ?? 0);
    if (offset >= 24 * 60) return { crash: 'offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)' };
    zone = `${m[9]}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
  } else if (m[8]) {
    zone = '+00:00';
  }
  return { value: pyValue('datetime', `${date} ${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}${zone}`) };
}

function monthLength(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Python's base64.decodebytes, which skips characters outside the alphabet. */
function constructBinary(raw: string): Constructed {
  if (/[^\x00-\x7f]/.test(raw)) return { error: 'failed to convert base64 data into ascii' };
  const data = raw.replace(/[^A-Za-z0-9+/=]/g, '');
  const body = data.replace(/=+$/, '');
  if (body.includes('=') || body.length % 4 === 1) return { error: 'failed to decode base64 data' };
  const padding = data.length - body.length;
  if (body.length % 4 !== 0 && (body.length % 4) + padding < 4) return { error: 'failed to decode base64 data: Incorrect padding' };
  return { value: pyValue('bytes', body) };
}

/** A scalar of tag `tag` (already resolved), built as the SafeConstructor builds it. */
export function constructScalar(tag: string, text: string): Constructed {
  switch (tag) {
    case `${TAG}str`:
      return { value: text };
    case `${TAG}null`:
      return { value: null };
    case `${TAG}bool`: {
      const value = BOOLS[text.toLowerCase()];
      return value === undefined ? { crash: `KeyError: '${text.toLowerCase()}' is not a YAML boolean` } : { value };
    }
    case `${TAG}int`:
      return constructInt(text);
    case `${TAG}float`:
      return constructFloat(text);
    case `${TAG}timestamp`:
      return constructTimestamp(text);
    case `${TAG}binary`:
      return constructBinary(text);
    default:
      return { error: `could not determine a constructor for the tag '${tag}'` };
  }
}
