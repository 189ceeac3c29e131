import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { applyChanges } from '../../server/src/service/features/codeActions';
import { formatChanges, type FormatOptions } from '../../server/src/service/features/formatting';
import { getLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/service/settings';
import { parseUnitFile, printUnitFile } from '../../server/src/service/syntax';
import type { CorpusFile } from './corpus';
import { FILE_NAMES, mutate, Random, unitFileText, unitishText } from './generate';
import { meaningOf } from './meaning';

/** An answer slower than this counts as a failure in `npm run fuzz` (never in `npm test`, which is not timed). */
export const LATENCY_BUDGET_MS = 50;

/**
 * fixAll is the CLI's `--fix`, never an editor's request: it runs up to five rounds of parse, rules and edits, and is
 * held to the budget for each round.
 */
const BUDGETS: Readonly<Record<string, number>> = { fixAll: 5 * LATENCY_BUDGET_MS };

export function budgetOf(feature: string): number {
  return BUDGETS[feature] ?? LATENCY_BUDGET_MS;
}

/**
 * Codes about the file's syntax: a fix must never add one. (binary-file and file-too-large are not among them: they
 * judge the file by where its first NUL byte falls and by its size, which any edit that removes or adds a line moves.)
 */
export const SYNTAX_CODES: readonly string[] = [
  'invalid-section-header',
  'line-too-long',
  'missing-equals',
  'missing-key',
  'assignment-outside-section',
  'continuation-swallows-line',
  'continuation-at-eof',
  'invalid-utf8',
];

/** What the fuzzed service sees of its surroundings. */
const HOST = { unitNames: () => ['app.service', 'db.service', 'multi-user.target'] };

/** A broken invariant; the message says which. */
export class InvariantError extends Error {}

function check(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new InvariantError(message());
}

const SETTINGS: readonly Settings[] = [
  DEFAULT_SETTINGS,
  DEFAULT_SETTINGS,
  DEFAULT_SETTINGS,
  { ...DEFAULT_SETTINGS, systemdVersion: 252 },
  { ...DEFAULT_SETTINGS, systemdVersion: 1 },
  { ...DEFAULT_SETTINGS, diagnostics: { ...DEFAULT_SETTINGS.diagnostics, maxNumberOfProblems: 3 } },
  {
    ...DEFAULT_SETTINGS,
    diagnostics: {
      ...DEFAULT_SETTINGS.diagnostics,
      severity: { 'unknown-directive': 'error', 'missing-equals': 'off', 'invalid-value': 'hint' },
    },
  },
];

/** One input on its way through the features, with what they found so far. */
export class Probe {
  readonly document: TextDocument;
  diagnostics: Diagnostic[] = [];
  private lineLengths: number[] | undefined;

  constructor(
    readonly service: LanguageService,
    readonly text: string,
    readonly uri: string,
    readonly random: Random,
    readonly settings: Settings,
    private readonly stats: FuzzStats,
  ) {
    this.document = strictDocument(uri, text);
  }

  /**
   * Calls a feature of the service: times the answer, and checks every range anywhere in it lies inside the
   * document. A new feature of the facade needs one line in FEATURES that calls this.
   */
  answer<T>(feature: string, call: (service: LanguageService) => T): T {
    const start = performance.now();
    const result = call(this.service);
    const elapsed = performance.now() - start;
    const entry = (this.stats.features[feature] ??= { calls: 0, totalMs: 0, maxMs: 0, maxCostMs: 0, slow: 0 });
    entry.calls++;
    entry.totalMs += elapsed;
    entry.maxMs = Math.max(entry.maxMs, elapsed);
    if (elapsed > LATENCY_BUDGET_MS / 5) {
      // Wall-clock time includes waiting for a CPU on a busy machine, and CPU time includes the garbage collector's
      // helper threads working in parallel: the answer is asked again, from a service with nothing cached, and the
      // lesser of the two is its cost; up to three times, the cheapest attempt counting (a collection or a
      // preemption can hit any one of them).
      let cost = Infinity;
      for (let attempt = 0; attempt < 3 && cost > budgetOf(feature); attempt++) {
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        call(getLanguageService(HOST));
        const wall = performance.now() - start;
        const used = process.cpuUsage(cpuStart);
        cost = Math.min(cost, wall, (used.user + used.system) / 1000);
      }
      if (cost > entry.maxCostMs) {
        entry.maxCostMs = cost;
        entry.slowestInput = { uri: this.uri, length: this.text.length };
      }
      if (cost > budgetOf(feature)) {
        entry.slow++;
        this.stats.slowInputs.push({ feature, ms: cost, uri: this.uri, text: this.text });
        if (this.stats.slowInputs.length > 20) this.stats.slowInputs.shift();
      }
    }
    this.checkRanges(feature, result, 0);
    return result;
  }

  /** A position anywhere in the text, now and then just past its end or on a line that does not exist. */
  randomPosition(): Position {
    const roll = this.random.next();
    if (roll < 0.02) return { line: this.document.lineCount + this.random.below(3), character: this.random.below(5) };
    if (roll < 0.04)
      return { line: this.random.below(this.document.lineCount), character: 1000 + this.random.below(9) };
    return this.document.positionAt(this.random.below(this.text.length + 1));
  }

  randomRange(): Range {
    const a = this.document.offsetAt(this.randomPosition());
    const b = this.document.offsetAt(this.randomPosition());
    return { start: this.document.positionAt(Math.min(a, b)), end: this.document.positionAt(Math.max(a, b)) };
  }

  checkRange(feature: string, range: Range): void {
    const lengths = (this.lineLengths ??= lineLengths(this.text));
    const inside = (p: Position) =>
      Number.isInteger(p.line) &&
      Number.isInteger(p.character) &&
      p.line >= 0 &&
      p.line < lengths.length &&
      p.character >= 0 &&
      p.character <= lengths[p.line]!;
    check(inside(range.start) && inside(range.end), () => `${feature}: range outside the document ${show(range)}`);
    const ordered =
      range.start.line < range.end.line ||
      (range.start.line === range.end.line && range.start.character <= range.end.character);
    check(ordered, () => `${feature}: range ends before it starts ${show(range)}`);
  }

  private checkRanges(feature: string, value: unknown, depth: number): void {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) this.checkRanges(feature, item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (isPosition(record['start']) && isPosition(record['end'])) this.checkRange(feature, record as unknown as Range);
    for (const key in record) {
      if (key !== 'start' && key !== 'end' && key !== 'data') this.checkRanges(feature, record[key], depth + 1);
    }
  }
}

function isPosition(value: unknown): value is Position {
  return typeof value === 'object' && value !== null && 'line' in value && 'character' in value;
}

function show(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** Lengths of the lines as an LSP client counts them (`\n`, `\r\n` and `\r` end a line). */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

/** A document whose positionAt refuses offsets outside the text, which it would otherwise quietly clamp. */
function strictDocument(uri: string, text: string, version = 1): TextDocument {
  const document = TextDocument.create(uri, 'systemd-unit', version, text);
  const positionAt = document.positionAt.bind(document);
  document.positionAt = (offset: number) => {
    check(
      Number.isInteger(offset) && offset >= 0 && offset <= text.length,
      () => `positionAt(${offset}) outside the text (length ${text.length})`,
    );
    return positionAt(offset);
  };
  return document;
}

function syntaxCodeCounts(
  service: LanguageService,
  uri: string,
  text: string,
  settings: Settings,
): Map<string, number> {
  const counts = new Map<string, number>();
  const all: Settings = {
    ...settings,
    diagnostics: { ...settings.diagnostics, severity: {}, maxNumberOfProblems: 1e6 },
  };
  // Suppression comments are disarmed (same length, so no offset moves): a fix that inserts a line between one and
  // the line it silences does not add a problem, it only shows one that was there.
  const unsilenced = text.replaceAll('systemd-units:', 'systemd-unitz:');
  for (const diagnostic of service.doValidation(TextDocument.create(uri, 'systemd-unit', 1, unsilenced), all)) {
    const code = String(diagnostic.code);
    if (SYNTAX_CODES.includes(code)) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}

/** Whether `after` has a syntax problem `before` did not have (more of a code counts). */
function newSyntaxProblem(before: Map<string, number>, after: Map<string, number>): string | undefined {
  for (const [code, count] of after) if (count > (before.get(code) ?? 0)) return code;
  return undefined;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'systemd-unit', 1, text), [...edits]);
}

function checkNoOverlap(feature: string, document: TextDocument, edits: readonly TextEdit[]): void {
  const spans = edits
    .map((edit) => [document.offsetAt(edit.range.start), document.offsetAt(edit.range.end)] as const)
    .sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    check(spans[i]![0] >= spans[i - 1]![1], () => `${feature}: edits overlap`);
  }
}

/** A feature of the language service as the fuzzer drives it. Add one line here for each new facade feature. */
export interface Feature {
  readonly name: string;
  run(probe: Probe): void;
}

export const FEATURES: readonly Feature[] = [
  {
    name: 'parse',
    run(p) {
      const file = p.answer('parse', () => parseUnitFile(p.text));
      check(printUnitFile(file) === p.text, () => 'print(parse(x)) !== x');
      p.answer('kindOf', (s) => s.kindOf(p.document));
    },
  },
  {
    name: 'validation',
    run(p) {
      p.diagnostics = p.answer('validation', (s) => s.doValidation(p.document, p.settings));
      for (const diagnostic of p.diagnostics) {
        check(typeof diagnostic.message === 'string' && diagnostic.message.length > 0, () => 'empty message');
      }
    },
  },
  {
    name: 'folding',
    run: (p) =>
      checkFolding(
        p,
        p.answer('folding', (s) => s.getFoldingRanges(p.document)),
      ),
  },
  {
    name: 'hover',
    run(p) {
      for (let i = 0; i < 3; i++) {
        const position = p.randomPosition();
        p.answer('hover', (s) => s.doHover(p.document, position, p.settings));
      }
    },
  },
  {
    name: 'completion',
    run(p) {
      for (let i = 0; i < 2; i++) {
        const position = p.randomPosition();
        const list = p.answer('completion', (s) => s.doComplete(p.document, position, p.settings));
        if (list.items.length === 0) continue;
        const item = list.items[p.random.below(list.items.length)]!;
        p.answer('completionResolve', (s) => s.doResolve(item, p.settings));
      }
    },
  },
  {
    name: 'definition',
    run(p) {
      const position = p.randomPosition();
      p.answer('definition', (s) => s.findDefinition(p.document, position));
      p.answer('references', (s) => s.findReferences(p.document, position, true));
      p.answer('prepareRename', (s) => s.prepareRename(p.document, position));
      p.answer('documentLinks', (s) => s.findDocumentLinks(p.document));
      p.answer('documentSymbols', (s) => s.findDocumentSymbols(p.document));
      p.answer('selectionRanges', (s) => s.getSelectionRanges(p.document, [position]));
    },
  },
  {
    name: 'codeLenses',
    run(p) {
      p.answer('codeLenses', (s) => s.getCodeLenses(p.document));
      p.answer('securityReport', (s) => s.getSecurityReport(p.document));
      p.answer('previewInstance', (s) => s.previewInstance(p.document, 'example', p.settings));
    },
  },
  { name: 'formatting', run: checkFormatting },
  { name: 'codeActions', run: checkCodeActions },
  {
    name: 'fixAll',
    run(p) {
      const result = p.answer('fixAll', (s) => s.fixAll(p.document, p.settings));
      if (result.text === p.text) return;
      const before = syntaxCodeCounts(p.service, p.uri, p.text, p.settings);
      const added = newSyntaxProblem(before, syntaxCodeCounts(p.service, p.uri, result.text, p.settings));
      check(added === undefined, () => `fixAll added a syntax problem: ${added}`);
    },
  },
];

function checkFolding(p: Probe, ranges: readonly { startLine: number; endLine: number }[]): void {
  for (const range of ranges) {
    check(
      range.startLine >= 0 && range.startLine <= range.endLine && range.endLine < p.document.lineCount,
      () => `folding range ${range.startLine}-${range.endLine} outside ${p.document.lineCount} lines`,
    );
  }
}

function checkFormatting(p: Probe): void {
  const options: FormatOptions = {
    blankLineBetweenSections: p.random.chance(0.5),
    trimFinalNewlines: p.random.chance(0.3),
    insertFinalNewline: !p.random.chance(0.1),
  };
  const edits = p.answer('formatting', (s) => s.format(p.document, options));
  checkNoOverlap('formatting', p.document, edits);
  if (edits.length > 0) {
    const formatted = applyEdits(p.text, edits);
    const again = strictDocument(p.uri, formatted, 2);
    check(
      JSON.stringify(meaningOf(parseUnitFile(formatted))) === JSON.stringify(meaningOf(parseUnitFile(p.text))),
      () => 'formatting changed the meaning',
    );
    check(p.service.format(again, options).length === 0, () => 'formatting is not idempotent');
    p.service.forget(p.uri);
  }
  // The formatter on its own, also where the service would not analyse the text (NUL bytes in it).
  if (p.text.length < 100_000 && p.random.chance(0.2)) {
    const direct = applyChanges(p.text, formatChanges(parseUnitFile(p.text), options));
    check(
      JSON.stringify(meaningOf(parseUnitFile(direct))) === JSON.stringify(meaningOf(parseUnitFile(p.text))),
      () => 'formatChanges changed the meaning',
    );
    check(formatChanges(parseUnitFile(direct), options).length === 0, () => 'formatChanges is not idempotent');
  }
  const range = p.randomRange();
  checkNoOverlap(
    'rangeFormatting',
    p.document,
    p.answer('rangeFormatting', (s) => s.format(p.document, options, range)),
  );
}

function checkCodeActions(p: Probe): void {
  const ranges = new Map<string, Range>();
  for (const diagnostic of p.diagnostics) ranges.set(show(diagnostic.range), diagnostic.range);
  ranges.set('random', p.randomRange());
  const fixes = new Map<string, TextEdit[]>();
  for (const range of ranges.values()) {
    const actions: CodeAction[] = p.answer('codeActions', (s) =>
      s.getCodeActions(p.document, range, undefined, p.settings),
    );
    for (const action of actions) {
      const changes = action.edit?.changes ?? {};
      for (const uri of Object.keys(changes)) check(uri === p.uri, () => `code action edits another file: ${uri}`);
      const edits = changes[p.uri] ?? [];
      checkNoOverlap(`code action "${action.title}"`, p.document, edits);
      if (edits.length > 0) fixes.set(JSON.stringify(edits), edits);
    }
  }
  if (fixes.size === 0) return;
  const before = syntaxCodeCounts(p.service, p.uri, p.text, p.settings);
  for (const edits of fixes.values()) {
    const fixed = applyEdits(p.text, edits);
    check(fixed !== p.text, () => `a fix that changes nothing (edits ${JSON.stringify(edits).slice(0, 300)})`);
    const after = p.answer('applyFix', (s) => syntaxCodeCounts(s, p.uri, fixed, p.settings));
    const added = newSyntaxProblem(before, after);
    check(added === undefined, () => `a fix added a syntax problem: ${added} (edits ${JSON.stringify(edits)})`);
  }
  p.service.forget(p.uri);
}

export interface FeatureStats {
  calls: number;
  /** Wall-clock time, which on a busy machine includes waiting for a CPU. */
  totalMs: number;
  maxMs: number;
  /**
   * The cost of the slowest answer, asked again from a fresh service: the lesser of its wall-clock and CPU time, the
   * cheapest of up to three attempts (only answers that took more than a fifth of the budget in wall-clock time are
   * asked again).
   */
  maxCostMs: number;
  /** Answers that cost more than their budget (budgetOf). */
  slow: number;
  slowestInput?: { uri: string; length: number };
}

export interface Failure {
  readonly feature: string;
  readonly message: string;
  readonly uri: string;
  readonly text: string;
}

export interface FuzzStats {
  inputs: number;
  bySource: Record<string, number>;
  features: Record<string, FeatureStats>;
  failures: Failure[];
  /** Failures with the same feature and message are counted, but only the first input is kept. */
  failureCount: number;
  slowInputs: { feature: string; ms: number; uri: string; text: string }[];
}

export function emptyStats(): FuzzStats {
  return { inputs: 0, bySource: {}, features: {}, failures: [], failureCount: 0, slowInputs: [] };
}

/** Runs one input through every feature; a thrown error or a broken invariant is recorded as a failure. */
export function fuzzOne(
  service: LanguageService,
  stats: FuzzStats,
  input: { uri: string; text: string; source: string },
  random: Random,
): void {
  stats.inputs++;
  stats.bySource[input.source] = (stats.bySource[input.source] ?? 0) + 1;
  const settings = random.pick(SETTINGS);
  const probe = new Probe(service, input.text, input.uri, random, settings, stats);
  for (const feature of FEATURES) {
    try {
      feature.run(probe);
    } catch (error) {
      const message =
        error instanceof InvariantError
          ? error.message
          : `threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      stats.failureCount++;
      const signature = `${feature.name}: ${message.split('\n').slice(0, 2).join(' ')}`;
      if (!stats.failures.some((f) => `${f.feature}: ${f.message.split('\n').slice(0, 2).join(' ')}` === signature)) {
        stats.failures.push({ feature: feature.name, message, uri: input.uri, text: input.text });
      }
    }
  }
  service.forget(input.uri);
}

/** The inputs: every corpus file as it is, then mutated corpus files, grammar-built files and character soup. */
export function* inputs(
  corpus: readonly CorpusFile[],
  seed: number,
  random: Random,
): Generator<{ uri: string; text: string; source: string }> {
  for (const file of corpus) yield { uri: `file:///corpus/${file.relative}`, text: file.text, source: 'corpus' };
  const donors = corpus.length > 0 ? corpus.map((file) => file.text) : ['[Unit]\nDescription=x\n'];
  let generated: string[] = [];
  let soup: string[] = [];
  let batch = 0;
  for (;;) {
    if (generated.length === 0) {
      batch++;
      generated = fc.sample(unitFileText, { numRuns: 500, seed: seed * 7919 + batch });
      soup = fc.sample(unitishText, { numRuns: 100, seed: seed * 7919 + batch });
    }
    const roll = random.next();
    if (roll < 0.5 && corpus.length > 0) {
      const file = random.pick(corpus);
      yield {
        uri: `file:///corpus/${file.relative}`,
        text: mutate(file.text, random, donors),
        source: 'mutated corpus',
      };
    } else if (roll < 0.85) {
      yield { uri: `file:///gen/${random.pick(FILE_NAMES)}`, text: generated.pop()!, source: 'grammar' };
    } else if (roll < 0.95) {
      const text = mutate(generated.pop()!, random, donors);
      yield { uri: `file:///gen/${random.pick(FILE_NAMES)}`, text, source: 'mutated grammar' };
    } else {
      yield { uri: `file:///soup/${random.pick(FILE_NAMES)}`, text: soup.pop() ?? '', source: 'soup' };
    }
  }
}

export interface RunOptions {
  readonly corpus: readonly CorpusFile[];
  readonly seed: number;
  readonly iterations: number;
  /** Stop at this time (Date.now()), whatever the count. */
  readonly deadline: number;
  readonly onProgress?: (stats: FuzzStats) => void;
  readonly progressEveryMs?: number;
}

/** Fuzzes until the iterations are done or the deadline passes. */
export function runFuzz(options: RunOptions): FuzzStats {
  const service = getLanguageService(HOST);
  const stats = emptyStats();
  const random = new Random(options.seed);
  let lastProgress = Date.now();
  for (const input of inputs(options.corpus, options.seed, random)) {
    if (stats.inputs >= options.iterations) break;
    if ((stats.inputs & 63) === 0 && Date.now() >= options.deadline) break;
    fuzzOne(service, stats, input, random);
    if (options.onProgress && Date.now() - lastProgress >= (options.progressEveryMs ?? 5000)) {
      lastProgress = Date.now();
      options.onProgress(stats);
    }
  }
  return stats;
}
