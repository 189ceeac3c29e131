import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The project root, from the compiled test files in out/test/… */
export const ROOT = path.resolve(__dirname, '..', '..');

export function documentOf(text: string, name = 'test.service'): TextDocument {
  return TextDocument.create(`file:///units/${name}`, 'systemd-unit', 1, text);
}

/**
 * Codes about the unit as a whole (a service with nothing to run, a socket that listens on nothing, a timer with no
 * [Install]). Tests of other rules use fragments of units and leave these out; the rules have tests of their own.
 */
export const UNIT_LEVEL_CODES: ReadonlySet<string> = new Set([
  'missing-exec-start',
  'exec-start-needs-oneshot',
  'missing-remain-after-exit',
  'multiple-exec-start',
  'oneshot-restart',
  'dbus-without-bus-name',
  'socket-without-listen',
  'timer-without-trigger',
  'path-without-trigger',
  'mount-missing-what',
  'missing-install-section',
]);

/** `line:col-line:col code`, 1-based, for compact expectations. */
export function describeDiagnostic(d: {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code?: string | number | undefined;
}): string {
  const { start, end } = d.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${String(d.code)}`;
}

/** Splits `text with a | cursor` into the text and the cursor offset. */
export function withCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error(`no | cursor in ${JSON.stringify(marked)}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
