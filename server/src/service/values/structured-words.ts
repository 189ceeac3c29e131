/**
 * Splitting a value into words the way systemd's extract_first_word() does (src/basic/extract-word.c), with the C-style
 * escapes of cunescape_one() (src/basic/escape.c). Our own implementation; offsets point into the value.
 */

export const WHITESPACE = ' \t\n\r';

/**
 * Calls `visit` with each run of characters between blanks (space, tab, line feed, carriage return), in order: the
 * words of a value without quotes or escapes, by one scan and no copy of the value (it can run to a megabyte).
 */
export function eachBlankSeparatedWord(value: string, visit: (word: string) => void): void {
  let start = -1;
  for (let i = 0; i <= value.length; i++) {
    const code = i < value.length ? value.charCodeAt(i) : 0x20;
    const blank = code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
    if (!blank && start < 0) start = i;
    else if (blank && start >= 0) {
      visit(value.slice(start, i));
      start = -1;
    }
  }
}

export interface WordOptions {
  /** Quotes group words and are removed (EXTRACT_UNQUOTE); otherwise they are ordinary characters. */
  readonly unquote: boolean;
  /** Backslash escapes are decoded as C escapes (EXTRACT_CUNESCAPE). */
  readonly cunescape: boolean;
  /** Backslashes are kept as they are (EXTRACT_RETAIN_ESCAPE). */
  readonly retainEscape?: boolean;
}

export interface Span {
  readonly offset: number;
  readonly length: number;
}

export interface Word {
  /** The word as the program would see it: quotes removed, escapes decoded (unknown ones kept verbatim). */
  readonly text: string;
  readonly offset: number;
  readonly length: number;
  /** The word contained a quote or an escape (so it is not a bare shell-like token). */
  readonly quotedOrEscaped: boolean;
  /** Backslash sequences that are not valid C escapes: systemd warns and keeps them verbatim (or fails, see caller). */
  readonly unknownEscapes: readonly Span[];
}

export type WordResult =
  | { readonly kind: 'end' }
  | { readonly kind: 'word'; readonly word: Word; readonly next: number }
  | { readonly kind: 'unbalanced'; readonly offset: number; readonly length: number };

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isOct = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
  s: ' ',
};

/**
 * Decodes one C escape starting right after a backslash, as cunescape_one() does (no NUL allowed).
 * Returns the decoded text and how many characters after the backslash it used, or undefined when it is not valid.
 */
export function decodeEscape(text: string, at: number): { text: string; used: number } | undefined {
  const c = text[at];
  if (c === undefined) return undefined;
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { text: simple, used: 1 };
  if (c === 'x') {
    if (!isHex(text[at + 1]) || !isHex(text[at + 2])) return undefined;
    const code = parseInt(text.slice(at + 1, at + 3), 16);
    return code === 0 ? undefined : { text: String.fromCharCode(code), used: 3 };
  }
  if (c === 'u' || c === 'U') {
    const n = c === 'u' ? 4 : 8;
    for (let i = 1; i <= n; i++) if (!isHex(text[at + i])) return undefined;
    const code = parseInt(text.slice(at + 1, at + 1 + n), 16);
    if (code === 0) return undefined;
    if (c === 'U' && (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))) return undefined;
    return { text: String.fromCodePoint(code), used: 1 + n };
  }
  if (isOct(c)) {
    if (!isOct(text[at + 1]) || !isOct(text[at + 2])) return undefined;
    const code = parseInt(text.slice(at, at + 3), 8);
    return code === 0 || code > 255 ? undefined : { text: String.fromCharCode(code), used: 3 };
  }
  return undefined;
}

/** Shared by every plain word: it has no unknown escapes. */
const NO_SPANS: readonly Span[] = [];

/** Characters that can end a plain run outside quotes, and inside them. */
const MAY_MATTER = /[\\"' \t\n\r]/g;
const MAY_MATTER_QUOTED = /[\\"']/g;

/**
 * Where the next backslash, quote or (outside quotes) whitespace is, from `from`. Words are short: the first few
 * characters are looked at one by one; past them a regular expression finds the end of a long run far faster.
 */
function nextThatMayMatter(value: string, from: number, quoted: boolean): number {
  const near = Math.min(value.length, from + 64);
  for (let i = from; i < near; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x5c || code === 0x22 || code === 0x27) return i;
    if (!quoted && (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d)) return i;
  }
  if (near === value.length) return near;
  const pattern = quoted ? MAY_MATTER_QUOTED : MAY_MATTER;
  pattern.lastIndex = near;
  return pattern.exec(value)?.index ?? value.length;
}

/**
 * Reads the next word from `pos`, skipping leading whitespace. Unknown escapes are kept verbatim and listed (what
 * systemd does on its relaxed retry); a missing closing quote, or a backslash at the very end inside quotes, is
 * `unbalanced`.
 */
export function nextWord(value: string, pos: number, options: WordOptions): WordResult {
  let i = pos;
  while (i < value.length && WHITESPACE.includes(value[i]!)) i++;
  if (i >= value.length) return { kind: 'end' };
  const start = i;
  // Most words are plain: no backslash to decode, no quote to remove. They are cut out whole rather than copied
  // a character at a time, which on a value of a million characters is what makes the difference.
  // (A backslash or quote that is plain under these options still sends the word the careful way, which reads it
  // the same.)
  const plainEnd = nextThatMayMatter(value, i, false);
  if (plainEnd === value.length || WHITESPACE.includes(value[plainEnd]!)) {
    let next = plainEnd;
    while (next < value.length && WHITESPACE.includes(value[next]!)) next++;
    const text = value.slice(start, plainEnd);
    return {
      kind: 'word',
      word: { text, offset: start, length: plainEnd - start, quotedOrEscaped: false, unknownEscapes: NO_SPANS },
      next,
    };
  }
  // The text is built from slices of plain runs and the decoded escapes between them: appending a character at a
  // time makes a long word (hundreds of thousands of backslashes) slow and heavy on memory.
  const parts: string[] = [];
  let run = i;
  const flush = (to: number) => {
    if (to > run) parts.push(value.slice(run, to));
  };
  let quote: string | undefined;
  let quoteStart = 0;
  let special = false;
  const unknownEscapes: Span[] = [];
  while (i < value.length) {
    // Plain characters up to the next one that may matter are passed in one step (they stay in the current run).
    const stop = nextThatMayMatter(value, i, quote !== undefined);
    if (stop > i) {
      i = stop;
      continue;
    }
    const c = value[i]!;
    if (c === '\\' && !options.retainEscape) {
      special = true;
      flush(i);
      const next = value[i + 1];
      if (next === undefined) {
        if (quote !== undefined) return { kind: 'unbalanced', offset: quoteStart, length: value.length - quoteStart };
        unknownEscapes.push({ offset: i, length: 1 });
        parts.push('\\');
        i++;
        run = i;
        break;
      }
      if (next === '\\') {
        // A run of escaped backslashes, read in one go: each pair is one backslash, with or without cunescape.
        let end = i;
        while (value.charCodeAt(end) === 0x5c && value.charCodeAt(end + 1) === 0x5c) end += 2;
        parts.push('\\'.repeat((end - i) / 2));
        i = end;
        run = i;
        continue;
      }
      if (options.cunescape) {
        const simple = SIMPLE_ESCAPES[next];
        const decoded = simple !== undefined ? undefined : decodeEscape(value, i + 1);
        if (simple !== undefined) {
          parts.push(simple);
          i += 2;
        } else if (decoded) {
          parts.push(decoded.text);
          i += 1 + decoded.used;
        } else {
          unknownEscapes.push({ offset: i, length: 2 });
          parts.push('\\' + next);
          i += 2;
        }
      } else {
        parts.push(next);
        i += 2;
      }
      run = i;
      continue;
    }
    if (quote !== undefined) {
      if (c === quote) {
        flush(i);
        quote = undefined;
        run = i + 1;
      }
      i++;
      continue;
    }
    if (options.unquote && (c === '"' || c === "'")) {
      special = true;
      flush(i);
      quote = c;
      quoteStart = i;
      i++;
      run = i;
      continue;
    }
    if (WHITESPACE.includes(c)) break;
    i++;
  }
  flush(i);
  const out = parts.length === 1 ? parts[0]! : parts.join('');
  if (quote !== undefined) return { kind: 'unbalanced', offset: quoteStart, length: value.length - quoteStart };
  const end = i;
  while (i < value.length && WHITESPACE.includes(value[i]!)) i++;
  return {
    kind: 'word',
    word: { text: out, offset: start, length: end - start, quotedOrEscaped: special, unknownEscapes },
    next: i,
  };
}

/** All words of a value, or where the quoting breaks. */
export function splitWords(value: string, options: WordOptions): { words: Word[]; unbalanced: Span | undefined } {
  const words: Word[] = [];
  let pos = 0;
  for (;;) {
    const result = nextWord(value, pos, options);
    if (result.kind === 'end') return { words, unbalanced: undefined };
    if (result.kind === 'unbalanced') return { words, unbalanced: result };
    words.push(result.word);
    pos = result.next;
  }
}

/**
 * The words of a value one at a time, up to where the quoting breaks: for a checker that may stop early, so a value
 * of half a million words is not split whole first.
 */
export function* eachWord(value: string, options: WordOptions): Generator<Word> {
  for (let pos = 0; ;) {
    const result = nextWord(value, pos, options);
    if (result.kind !== 'word') return;
    yield result.word;
    pos = result.next;
  }
}

/**
 * Where the quoting of a value breaks (a quote never closed, or a backslash ending the value inside quotes), as
 * splitWords() would report it, found without building a single word.
 */
export function unbalancedQuote(value: string, options: WordOptions): Span | undefined {
  if (!options.unquote) return undefined;
  let quote: string | undefined;
  let quoteStart = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && !options.retainEscape) {
      if (i + 1 >= value.length) break;
      i++; // the escaped character (what follows it in a longer escape is never a quote or a backslash)
      continue;
    }
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      quoteStart = i;
    }
  }
  return quote === undefined ? undefined : { offset: quoteStart, length: value.length - quoteStart };
}
