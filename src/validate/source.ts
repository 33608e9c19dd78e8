/**
 * Where each value of a loaded file sits in its text, so a finding about `/links/source_code`
 * can say `ai4-metadata.yml:12:16`. Values are addressed by JSON Pointer, as ajv reports them.
 */

/** Offsets into the text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface NodeSpans {
  value: Span;
  /** The key of a mapping entry, when the value is one. */
  key?: Span;
}

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units as editors count them. */
  column: number;
}

export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function pathOfPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export class SourceIndex {
  readonly spans = new Map<string, NodeSpans>();
  #lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  set(pointer: string, spans: NodeSpans): void {
    this.spans.set(pointer, spans);
  }

  /** The spans of `pointer`, or of its nearest recorded ancestor (`exact` says which). */
  locate(pointer: string): { spans: NodeSpans; exact: boolean } | undefined {
    let current = pointer;
    for (;;) {
      const spans = this.spans.get(current);
      if (spans) return { spans, exact: current === pointer };
      if (current === '') return undefined;
      current = current.slice(0, current.lastIndexOf('/'));
    }
  }

  position(offset: number): Position {
    const starts = (this.#lineStarts ??= lineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}
