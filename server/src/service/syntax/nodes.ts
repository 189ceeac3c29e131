/**
 * The syntax tree of a unit file. Every node records where it sits in the original text as a UTF-16 offset and
 * length; ranges (line/character) are computed only at the edge, from the document.
 *
 * The top-level nodes (entries and section headers) each cover whole physical lines, terminators included, and
 * together they cover the text with no gap and no overlap. That is what makes the tree lossless: `print()` gives
 * back the exact input.
 */

export interface TextSpan {
  readonly offset: number;
  readonly length: number;
}

/** A line comment: its first non-blank character is `#` or `;`. */
export interface CommentNode extends TextSpan {
  readonly kind: 'comment';
  /** The comment's text from its marker to the end of the line. */
  readonly textSpan: TextSpan;
}

/** A line holding nothing but whitespace. */
export interface BlankNode extends TextSpan {
  readonly kind: 'blank';
}

/** `Key=Value`, possibly continued over several physical lines with a trailing backslash. */
export interface AssignmentNode extends TextSpan {
  readonly kind: 'assignment';
  /** The key as systemd reads it: whitespace around it removed; case-sensitive. */
  readonly key: string;
  readonly keySpan: TextSpan;
  /** Offset of the `=`. */
  readonly equalsOffset: number;
  /**
   * The value as systemd sees it: continuation lines joined (each trailing backslash becomes a space), comment
   * lines inside the continuation dropped, whitespace around it removed. Empty for `Key=` (a reset).
   */
  readonly value: string;
  /** From the first to the last character of the value in the document; empty (just after `=`) when empty. */
  readonly valueSpan: TextSpan;
  /** Comment lines inside a continuation; systemd skips them. */
  readonly innerComments: readonly CommentNode[];
  /** Number of physical lines the assignment takes. */
  readonly lineCount: number;
  /** The last line ends in a backslash, but the file ends there. */
  readonly continuedAtEndOfFile: boolean;
}

export type LineProblem =
  /** Neither a comment, a section header nor an assignment: no `=`. */
  | 'missing-equals'
  /** `=value`: nothing before the `=`. */
  | 'missing-key';

/** A line systemd cannot read; it skips it with a warning. */
export interface ErrorLineNode extends TextSpan {
  readonly kind: 'error';
  readonly problem: LineProblem;
  /** The line's content, whitespace around it removed. */
  readonly contentSpan: TextSpan;
  readonly continuedAtEndOfFile: boolean;
}

export type EntryNode = AssignmentNode | CommentNode | BlankNode | ErrorLineNode;

export type HeaderProblem =
  /** `[Service` or `[Service] # note`: the line does not end with `]`. systemd refuses the whole file. */
  | 'unterminated'
  /** Control characters, quotes or backslashes in the name. systemd refuses the whole file. */
  | 'bad-characters';

export interface SectionHeaderNode extends TextSpan {
  readonly kind: 'header';
  /** The text between the brackets (for an unterminated header, everything after `[`). */
  readonly name: string;
  readonly nameSpan: TextSpan;
  /** The header's content, whitespace around it removed. */
  readonly contentSpan: TextSpan;
  readonly problem: HeaderProblem | undefined;
  readonly continuedAtEndOfFile: boolean;
}

export interface SectionNode extends TextSpan {
  readonly kind: 'section';
  readonly header: SectionHeaderNode;
  readonly entries: readonly EntryNode[];
}

export interface UnitFileNode extends TextSpan {
  readonly kind: 'file';
  /** The text the tree was parsed from. */
  readonly text: string;
  /** Offset of the UTF-8 byte-order mark that systemd skips, if there is one. */
  readonly bomOffset: number | undefined;
  /** Entries before the first section header. systemd ignores assignments there. */
  readonly preamble: readonly EntryNode[];
  readonly sections: readonly SectionNode[];
  /** Physical lines (systemd's notion: `\n`, `\r`, `\r\n`, `\n\r` and NUL end a line) longer than systemd reads. */
  readonly overlongLines: readonly TextSpan[];
}

/** The top-level nodes of a file in document order: preamble entries, then each header and its entries. */
export function* topLevelNodes(file: UnitFileNode): Generator<EntryNode | SectionHeaderNode> {
  yield* file.preamble;
  for (const section of file.sections) {
    yield section.header;
    yield* section.entries;
  }
}
