/**
 * What systemd keeps of a command line (config_parse_exec): it reads the `;`-separated commands one by one and stops
 * at the first it cannot take. Commands before that one are kept, so a line runs something exactly when its first
 * command is taken.
 */
import type { ValueFinding } from './checker';
import { nextWord } from './structured-words';

/** Findings after which systemd drops the command (as a warning: with `-`, or an unbalanced quote). */
const DROPPING = new Set([
  'unbalanced-quotes',
  'invalid-exec-prefix',
  'relative-executable',
  'invalid-executable',
  'unknown-specifier',
]);

/** Where each command of a command line ends: at the `;` word after it, or at the end of the value. */
export function commandEnds(value: string): number[] {
  const ends: number[] = [];
  let pos = 0;
  let inCommand = false;
  for (;;) {
    const result = nextWord(value, pos, { unquote: true, cunescape: true });
    if (result.kind !== 'word') break;
    const raw = value.slice(result.word.offset, result.word.offset + result.word.length);
    if (raw === ';') {
      if (inCommand) ends.push(result.word.offset);
      inCommand = false;
    } else {
      inCommand = true;
    }
    pos = result.next;
  }
  if (inCommand) ends.push(value.length);
  return ends;
}

/**
 * How many commands of an ExecStart=-style line systemd keeps, given what the command-line checker found: those
 * before the first one it drops (a dropping finding is logged as a warning: with `-`, or for an unbalanced quote).
 */
export function commandsKept(value: string, findings: readonly ValueFinding[]): number {
  const dropped = findings.filter((f) => f.severity === 'warning' && DROPPING.has(f.code));
  const ends = commandEnds(value);
  if (dropped.length === 0) return ends.length;
  const first = Math.min(...dropped.map((f) => f.offset));
  return ends.filter((end) => end <= first).length;
}
