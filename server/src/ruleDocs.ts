import type { Diagnostic } from 'vscode-languageserver';

/**
 * Where each diagnostic code is explained: docs/rules.md as shipped in the extension. The client reads the file
 * (in the desktop and in the web alike) and sends its address with the line of each code's heading in
 * `initializationOptions.ruleDocs`; a diagnostic then links its code there (`#L<line>` opens the file at the line).
 */
export interface RuleDocs {
  readonly uri: string;
  readonly lines: ReadonlyMap<string, number>;
}

/** Reads `{ uri, lines: { code: line } }` from the client; undefined for anything else. */
export function readRuleDocs(raw: unknown): RuleDocs | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const { uri, lines } = raw as { uri?: unknown; lines?: unknown };
  if (typeof uri !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(uri) || !lines || typeof lines !== 'object') {
    return undefined;
  }
  const map = new Map<string, number>();
  for (const [code, line] of Object.entries(lines)) {
    if (typeof line === 'number' && Number.isInteger(line) && line > 0) map.set(code, line);
  }
  return { uri, lines: map };
}

/** Adds the docs link to each diagnostic whose code is documented. */
export function linkRuleDocs(diagnostics: Diagnostic[], docs: RuleDocs | undefined): Diagnostic[] {
  if (!docs) return diagnostics;
  for (const diagnostic of diagnostics) {
    const line = typeof diagnostic.code === 'string' ? docs.lines.get(diagnostic.code) : undefined;
    if (line !== undefined) diagnostic.codeDescription = { href: `${docs.uri}#L${line}` };
  }
  return diagnostics;
}
