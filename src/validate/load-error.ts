/**
 * Why a file could not be loaded, with the exit code the reference validator gives for it:
 * 2 when it cannot find or parse the file, 4 when its own code fails on the input (an
 * exception other than a parse error, such as an unquoted `2024-02-30`).
 */
import { SourceIndex, type Position, type Span } from './source.js';

export type LoadFailureKind =
  /** The file does not exist (reference: exit 2). */
  | 'missing'
  /** Neither JSON nor YAML (reference: exit 2). */
  | 'syntax'
  /** The reference stops with an internal error on it (exit 4). */
  | 'crash'
  /** Bigger, deeper or more aliased than any metadata file: refused before parsing on. */
  | 'hostile';

export class LoadFailure {
  constructor(
    readonly kind: LoadFailureKind,
    readonly message: string,
    readonly span?: Span,
    /** What to do about it. */
    readonly hint?: string,
  ) {}

  /** Line and column of `span`, once known (see `locate`). */
  position?: Position;

  /** Fills in `position` from the text the span points into. */
  locate(text: string): this {
    if (this.span && !this.position) this.position = new SourceIndex(text).position(this.span.start);
    return this;
  }

  get exitCode(): 2 | 4 {
    return this.kind === 'crash' || this.kind === 'hostile' ? 4 : 2;
  }
}
