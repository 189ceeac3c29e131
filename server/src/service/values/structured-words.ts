/**
 * Splitting a value into words the way systemd's extract_first_word() does (src/basic/extract-word.c), with the C-style
 * escapes of cunescape_one() (src/basic/escape.c). Our own implementation; offsets point into the value.
 */

export const WHITESPACE = ' \t\n\r';

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

const NO_SPANS: readonly Span[] = [];

/** systemd's WHITESPACE for words: space, tab, newline, carriage return. */
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Reads the next word from `pos`, skipping leading whitespace. Unknown escapes are kept verbatim and listed (what
 * systemd does on its relaxed retry); a missing closing quote, or a backslash at the very end inside quotes, is
 * `unbalanced`. Runs of ordinary characters are copied as slices, not one character at a time: this runs for every
 * word of every command line and list on each keystroke.
 */
export function nextWord(value: string, pos: number, options: WordOptions): WordResult {
  const length = value.length;
  let i = pos;
  while (i < length && isSpace(value.charCodeAt(i))) i++;
  if (i >= length) return END;
  const start = i;
  let out = '';
  let run = i; // start of the ordinary characters not yet copied to `out`
  let quote = 0; // the char code of the open quote, 0 when none
  let quoteStart = 0;
  let special = false;
  let unknownEscapes: Span[] | undefined;
  while (i < length) {
    const c = value.charCodeAt(i);
    if (c === 0x5c /* \ */ && !options.retainEscape) {
      special = true;
      out += value.slice(run, i);
      if (i + 1 >= length) {
        if (quote !== 0) return { kind: 'unbalanced', offset: quoteStart, length: length - quoteStart };
        (unknownEscapes ??= []).push({ offset: i, length: 1 });
        out += '\\';
        i++;
        run = i;
        break;
      }
      if (options.cunescape) {
        const decoded = decodeEscape(value, i + 1);
        if (decoded) {
          out += decoded.text;
          i += 1 + decoded.used;
        } else {
          (unknownEscapes ??= []).push({ offset: i, length: 2 });
          out += value.slice(i, i + 2);
          i += 2;
        }
      } else {
        out += value[i + 1]!;
        i += 2;
      }
      run = i;
      continue;
    }
    if (quote !== 0) {
      if (c === quote) {
        out += value.slice(run, i);
        quote = 0;
        run = i + 1;
      }
      i++;
      continue;
    }
    if (options.unquote && (c === 0x22 /* " */ || c === 0x27) /* ' */) {
      out += value.slice(run, i);
      special = true;
      quote = c;
      quoteStart = i;
      i++;
      run = i;
      continue;
    }
    if (isSpace(c)) break;
    i++;
  }
  if (quote !== 0) return { kind: 'unbalanced', offset: quoteStart, length: length - quoteStart };
  // A word without quotes or escapes is the value's own slice.
  out = run === start ? value.slice(start, i) : out + value.slice(run, i);
  const end = i;
  while (i < length && isSpace(value.charCodeAt(i))) i++;
  return {
    kind: 'word',
    word: {
      text: out,
      offset: start,
      length: end - start,
      quotedOrEscaped: special,
      unknownEscapes: unknownEscapes ?? NO_SPANS,
    },
    next: i,
  };
}

const END: WordResult = { kind: 'end' };

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
