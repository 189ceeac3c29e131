import * as path from 'node:path';
import { FILE_CODES } from '../service/features/diagnostics';
import { RULES } from '../service/rules';
import type { LintProblem } from './lint';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** `file:line:col: severity code message`, one per line, as compilers print them. */
export function formatText(problems: readonly LintProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code} ${p.message}\n`).join('');
}

export function formatJson(problems: readonly LintProblem[]): string {
  return JSON.stringify(problems, null, 2) + '\n';
}

const SARIF_LEVEL: Record<LintProblem['severity'], 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** A relative, forward-slash, percent-encoded URI, which code scanning resolves against the repository root. */
function artifactUri(file: string, root: string): string {
  const relative = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
  return relative.split('/').map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0, in the shape GitHub code scanning accepts. */
export function formatSarif(problems: readonly LintProblem[], version: string, root = process.cwd()): string {
  const rules = [...RULES.flatMap((rule) => [rule, ...(rule.extraCodes ?? [])]), ...FILE_CODES].map((rule) => ({
    id: rule.code,
    name: rule.code,
    shortDescription: { text: rule.title },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
  }));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = problems.map((p) => ({
    ruleId: p.code,
    ...(ruleIndex.has(p.code) ? { ruleIndex: ruleIndex.get(p.code) } : {}),
    level: SARIF_LEVEL[p.severity],
    message: { text: p.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(p.file, root), uriBaseId: '%SRCROOT%' },
          region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
        },
      },
    ],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'systemd-units', version, semanticVersion: version, rules } },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
