/**
 * From raw values (a flag's text, a value of an answers file or of `.yo-rc.json`) to typed
 * answers. Parsing says what shape a value must have; questions.ts says which values are valid.
 */
import type { AnswerProblem } from '../errors.js';
import { closestChoice } from '../closest.js';
import { type AnswerKey, type Answers, type Author, type Question, QUESTIONS, externalKey } from './questions.js';

export type RawAnswers = Partial<Record<AnswerKey, unknown>>;

type Parsed<T> = { value: T } | { problem: string };

/**
 * Far above any list of authors (a hundred of them), and small enough for the pattern
 * below, which takes time quadratic in the text's length where no `<` follows (2 s at 50 kB).
 */
export const MAX_AUTHORS_TEXT = 20_000;

/** "Jane Doe <jane@uni.eu>, Bob <bob@lab.org>" -> two authors; names may hold commas. */
export function parseAuthors(text: string): Parsed<Author[]> {
  if (text.length > MAX_AUTHORS_TEXT) return { problem: `must be at most ${MAX_AUTHORS_TEXT} characters (it has ${text.length})` };
  const authors: Author[] = [];
  const pattern = /([^<>]*)<([^<>]*)>/g;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    const name = match[1]!.replace(/^[\s,;]+/, '').trim();
    authors.push({ name, email: match[2]!.trim() });
    consumed = match.index + match[0].length;
  }
  if (authors.length === 0 || text.slice(consumed).replace(/[\s,;]/g, '') !== '') {
    return { problem: `write each author as "Name <email>" (got "${text}")` };
  }
  return { value: authors };
}

function parseAuthorItem(item: unknown): Parsed<Author[]> {
  if (typeof item === 'string') return parseAuthors(item);
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const { name, email } = item as Record<string, unknown>;
    if (typeof name === 'string' && typeof email === 'string') return { value: [{ name, email }] };
  }
  return { problem: 'each author must be "Name <email>" or { name, email }' };
}

/** A value the user typed with another case than the choice: `tensorflow` is `TensorFlow`. */
function canonicalChoice(value: string, choices: readonly string[] | undefined): string {
  return choices?.find((c) => c.toLowerCase() === value.toLowerCase()) ?? value;
}

function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (raw instanceof Date) return `the date ${raw.toISOString().slice(0, 10)}`;
  return Array.isArray(raw) ? 'a list' : `the ${typeof raw} ${JSON.stringify(raw)}`;
}

export function parseValue(q: Question, raw: unknown): Parsed<unknown> {
  switch (q.kind) {
    case 'text': {
      if (typeof raw !== 'string') {
        return { problem: `must be text, not ${describe(raw)} (in YAML, put it in quotes)` };
      }
      return { value: canonicalChoice(raw.trim(), q.choices) };
    }
    case 'integer': {
      if (typeof raw === 'number' && Number.isInteger(raw)) return { value: raw };
      if (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw)) return { value: Number(raw) };
      return { problem: `must be a whole number, not ${describe(raw)}` };
    }
    case 'list': {
      const items = typeof raw === 'string' ? raw.split(',') : raw;
      if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
        return { problem: `must be a list of text values or a comma-separated text, not ${describe(raw)}` };
      }
      const values = (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
      return { value: values.map((v) => canonicalChoice(v, q.choices)) };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const word = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      if (word === 'true' || word === 'yes') return { value: true };
      if (word === 'false' || word === 'no') return { value: false };
      return { problem: `must be true or false, not ${describe(raw)}` };
    }
    case 'authors': {
      const items = Array.isArray(raw) ? raw : [raw];
      const authors: Author[] = [];
      for (const item of items) {
        const parsed = parseAuthorItem(item);
        if ('problem' in parsed) return parsed;
        authors.push(...parsed.value);
      }
      return { value: authors };
    }
  }
}

/** Parse one raw value and check it against its rule. */
export function checkAnswer(q: Question, raw: unknown, answers: Partial<Answers>): Parsed<unknown> {
  const parsed = parseValue(q, raw);
  if ('problem' in parsed) return parsed;
  const problem = (q.validate as (v: unknown, a: Partial<Answers>) => string | undefined)(parsed.value, answers);
  return problem ? { problem } : parsed;
}

/**
 * Read answers spelled with external keys (`repo-name`), as in an answers file or
 * `.yo-rc.json`. Keys starting with `_` are metadata and skipped; unknown keys are problems.
 */
export function readExternalAnswers(data: Record<string, unknown>, origin: string): { raw: RawAnswers; problems: AnswerProblem[] } {
  const raw: RawAnswers = {};
  const problems: AnswerProblem[] = [];
  const known = QUESTIONS.map((q) => externalKey(q.key));
  for (const [name, value] of Object.entries(data)) {
    if (name.startsWith('_')) continue;
    const q = QUESTIONS.find((candidate) => externalKey(candidate.key) === name || candidate.flag === name);
    if (!q) {
      const close = closestChoice(name, known);
      problems.push({
        key: name,
        message: `is not an answer (${origin})${close ? `; did you mean "${close}"?` : ''}`,
      });
      continue;
    }
    raw[q.key] = value;
  }
  return { raw, problems };
}

/** Typed answers back to external keys, as `.yo-rc.json` stores them. */
export function toExternalAnswers(answers: Answers): Record<string, unknown> {
  return Object.fromEntries(QUESTIONS.map((q) => [externalKey(q.key), answers[q.key]]));
}
