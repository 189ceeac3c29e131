import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import {
  allSpecifiers,
  directivesInSection,
  docsOf,
  findDirective,
  sectionDocs,
  specialUnitDocs,
  specialUnitNames,
  type Directive,
} from '../catalog';
import { kindSyntax, UNIT_NAME_KINDS } from '../catalog/kinds';
import { ALL_SECTIONS, sectionsOf } from '../catalog/unitTypes';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { locate, type AssignmentNode, type SectionNode, type UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import { formatTimespan, parseTimespan } from '../values/timespan';
import { directiveMarkdown, ENUM_KINDS } from './directiveDocs';

/** What a directive item carries to `completionItem/resolve`, which adds its docs. */
interface DirectiveItemData {
  readonly completes: 'directive';
  readonly section: string;
  readonly name: string;
}

const NOTHING: CompletionList = { isIncomplete: false, items: [] };

const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Kinds whose value is several words separated by spaces, so each word can be completed in turn. */
const SPACE_LIST_KINDS: ReadonlySet<string> = new Set([
  'enum-list',
  'boolean-or-enum-list',
  'unit-list',
  'exit-status-list',
]);

/** Where [Install] dependencies usually point; they come first for WantedBy=, RequiredBy= and UpheldBy=. */
const INSTALL_TARGETS: readonly string[] = [
  'multi-user.target',
  'graphical.target',
  'default.target',
  'timers.target',
  'sockets.target',
  'paths.target',
  'network-online.target',
];

const INSTALL_DEPENDENCIES: ReadonlySet<string> = new Set(['WantedBy', 'RequiredBy', 'UpheldBy']);

/** Directives whose unit name can only be of one type. */
const UNIT_SUFFIX_OF: Readonly<Record<string, string>> = { Slice: '.slice', Sockets: '.socket', Service: '.service' };

/**
 * Completion at a position: section headers at the start of a line, directives of the section on the key part of a
 * line, and after `=` whatever the directive's value kind accepts. Nothing in comments or `X-` extensions.
 */
export function doComplete(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
  position: Position,
  knownUnits: readonly string[] = [],
): CompletionList {
  const text = file.text;
  // A file too large or binary to analyse has an empty tree; offsets into it mean nothing.
  if (text !== document.getText()) return NOTHING;
  const offset = document.offsetAt(position);
  const lineStart = startOfLine(text, offset);
  const lineEnd = endOfLine(text, offset);
  let first = lineStart;
  if (first === 0 && text.charCodeAt(0) === 0xfeff) first++;
  while (first < lineEnd && isBlank(text.charCodeAt(first))) first++;
  const lead = text[first];
  if (lead === '#' || lead === ';') return NOTHING;

  const located = locate(file, offset);
  const section = located?.section;
  // The cursor on a fresh last line, after the final line break, is past every node, unless that line continues one.
  const found = located?.node;
  const node =
    found && (found.offset + found.length > lineStart || (found.kind === 'assignment' && found.continuedAtEndOfFile))
      ? found
      : undefined;
  const at: Context = { document, file, kind, settings, offset, lineEnd, knownUnits };

  if (node?.kind === 'header') {
    const bracket = node.contentSpan.offset;
    const end = bracket + node.contentSpan.length;
    // Inside the brackets only: not before `[`, and not after the `]` of a complete header.
    if (offset <= bracket || offset > end || (offset === end && node.problem !== 'unterminated')) return NOTHING;
    return list(sectionItems(at, bracket, wordEnd(text, offset, lineEnd), section));
  }
  if (section?.header.name.startsWith('X-')) return NOTHING;
  if (node?.kind === 'assignment' && offset > node.equalsOffset) {
    return section ? list(valueItems(at, node, section.header.name)) : NOTHING;
  }

  // The key part of a line: a blank line, a line without `=` yet, or the key of an assignment.
  if (first < lineEnd && offset < first) return NOTHING;
  const keyStart = Math.min(first, offset);
  const typed = text.slice(keyStart, offset);
  // Only what a key can be made of: not after a space, an `=` or a `%` typed at the start of a line.
  if (!/^[A-Za-z0-9_.-]*$/.test(typed) || typed.startsWith('X-')) return NOTHING;
  const editingKey = node?.kind === 'assignment';
  const keyEnd = editingKey ? node.keySpan.offset + node.keySpan.length : wordEnd(text, offset, lineEnd);
  // On a continuation line of a key split by a backslash, outside the key itself: nothing to offer.
  if (editingKey && (keyStart < node.keySpan.offset || offset > keyEnd)) return NOTHING;
  const sections = editingKey ? [] : sectionItems(at, keyStart, keyEnd, undefined);
  if (!section) return list(sections);
  return list([...directiveItems(at, section, keyStart, keyEnd, editingKey ? node : undefined), ...sections]);
}

/** Adds the docs of a directive item; other items come complete. */
export function doResolve(item: CompletionItem, settings: Settings = DEFAULT_SETTINGS): CompletionItem {
  const data = item.data as Partial<DirectiveItemData> | undefined;
  // A compacted list leaves the name out of the data: it is the item's label.
  const name = data?.name ?? item.label;
  if (data?.completes !== 'directive' || typeof data.section !== 'string' || typeof name !== 'string') return item;
  const directive = findDirective(data.section, name);
  if (!directive) return item;
  const value = directiveMarkdown(name, data.section, directive, settings, { heading: false });
  // The server may have left the one-line syntax out of the list, for the client to ask for here.
  const detail = item.detail ?? kindSyntax(directive.kind);
  return {
    ...item,
    ...(detail ? { detail } : {}),
    ...(value ? { documentation: { kind: MarkupKind.Markdown, value } } : {}),
  };
}

interface Context {
  readonly document: TextDocument;
  readonly file: UnitFileNode;
  readonly kind: UnitFileKind;
  readonly settings: Settings;
  readonly offset: number;
  readonly lineEnd: number;
  /** Unit names the host knows: units in the workspace and installed on this machine. */
  readonly knownUnits: readonly string[];
}

function list(items: CompletionItem[]): CompletionList {
  return { isIncomplete: false, items };
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function isLineEnd(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0;
}

function isSpace(code: number): boolean {
  return isBlank(code) || isLineEnd(code);
}

function startOfLine(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && !isLineEnd(text.charCodeAt(start - 1))) start--;
  return start;
}

function endOfLine(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && !isLineEnd(text.charCodeAt(end))) end++;
  return end;
}

/** The end of the word the cursor is in, not counting a trailing continuation backslash. */
function wordEnd(text: string, offset: number, lineEnd: number): number {
  let end = offset;
  while (end < lineEnd && !isBlank(text.charCodeAt(end))) end++;
  if (end === lineEnd && end > offset && text[end - 1] === '\\') end--;
  return end;
}

function rangeOf(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

/** Sections the unit type reads and the file does not have yet, inserted as `[Name]` over `start`–`end`. */
function sectionItems(at: Context, start: number, end: number, editing: SectionNode | undefined): CompletionItem[] {
  const present = new Set(at.file.sections.filter((s) => s !== editing).map((s) => s.header.name));
  const valid = at.kind.unitType ? sectionsOf(at.kind.unitType) : ALL_SECTIONS;
  const range = rangeOf(at.document, start, end);
  const bracketed = at.file.text[start] === '[';
  const items: CompletionItem[] = [];
  valid.forEach((name, index) => {
    if (present.has(name)) return;
    const docs = sectionDocs(name);
    items.push({
      label: `[${name}]`,
      kind: CompletionItemKind.Module,
      filterText: bracketed ? `[${name}]` : name,
      // After the directives of the section the cursor is in, in the order the unit type lists them.
      sortText: `9${String(index).padStart(2, '0')}`,
      textEdit: { range, newText: `[${name}]` },
      ...(docs ? { documentation: markdown(docs) } : {}),
    });
  });
  return items;
}

/** Every directive the section reads, except those newer than the configured systemd. */
function directiveItems(
  at: Context,
  section: SectionNode,
  start: number,
  end: number,
  editing: AssignmentNode | undefined,
): CompletionItem[] {
  const sectionName = section.header.name;
  const alreadySet = new Set<string>();
  for (const entry of section.entries) {
    if (entry.kind === 'assignment' && entry !== editing) alreadySet.add(entry.key);
  }
  const version = at.settings.systemdVersion;
  const range = rangeOf(at.document, start, end);
  // Replacing the key of an assignment keeps its `=` and value; a new line gets `Name=` and the value suggestions.
  const items: CompletionItem[] = [];
  const parts = directiveParts(sectionName);
  directivesInSection(sectionName).forEach((directive, index) => {
    if (version !== 'latest' && directive.gate > version) return;
    const name = directive.name;
    const rank = directive.deprecated ? 2 : alreadySet.has(name) && !directive.list ? 1 : 0;
    const part = parts[index]!;
    // Fields set one by one, not spread from temporary objects: hundreds of items on every request.
    const item: CompletionItem = {
      label: name,
      kind: CompletionItemKind.Property,
      filterText: name,
      sortText: part.sortTexts[rank]!,
      textEdit: { range, newText: editing ? name : part.withEquals },
      data: part.data,
    };
    if (part.detail) item.detail = part.detail;
    if (directive.deprecated) item.tags = DEPRECATED;
    if (!editing) item.command = TRIGGER_SUGGEST;
    items.push(item);
  });
  return items;
}

const DEPRECATED: CompletionItemTag[] = [CompletionItemTag.Deprecated];

interface DirectiveParts {
  readonly data: DirectiveItemData;
  readonly withEquals: string;
  readonly sortTexts: readonly string[];
  readonly detail: string | undefined;
}

/**
 * What the items of a section's directives share from one request to the next, made once: the list is asked for at
 * the start of every key typed, and building its strings and data again each time is most of the work.
 */
const PARTS = new Map<string, readonly DirectiveParts[]>();

function directiveParts(sectionName: string): readonly DirectiveParts[] {
  let parts = PARTS.get(sectionName);
  // Only sections systemd has are kept: a header can say anything.
  if (!parts && directivesInSection(sectionName).length > 0) {
    parts = directivesInSection(sectionName).map((directive) => ({
      data: Object.freeze({ completes: 'directive', section: sectionName, name: directive.name }),
      withEquals: `${directive.name}=`,
      sortTexts: [0, 1, 2].map((rank) => `${rank}${directive.name}`),
      detail: kindSyntax(directive.kind),
    }));
    PARTS.set(sectionName, parts);
  }
  return parts ?? [];
}

/** What the value of `node` accepts at the cursor: keywords, units, signals, specifiers, forms. */
function valueItems(at: Context, node: AssignmentNode, sectionName: string): CompletionItem[] {
  if (node.key.startsWith('X-')) return [];
  const directive = findDirective(sectionName, node.key);
  if (!directive) return [];
  const { file, offset, lineEnd } = at;
  const text = file.text;
  const valueStart = node.equalsOffset + 1;
  let start = offset;
  while (start > valueStart && !isSpace(text.charCodeAt(start - 1))) start--;
  const end = wordEnd(text, offset, lineEnd);
  const typed = text.slice(start, offset);

  const specifier = specifierStart(typed);
  if (specifier >= 0) {
    const from = start + specifier;
    const to = offset - from === 1 && /[A-Za-z%]/.test(text[offset] ?? '') ? offset + 1 : offset;
    return specifierItems(at, from, to);
  }

  const kind = directive.kind;
  const atValueStart = node.valueSpan.length === 0 || node.valueSpan.offset >= start;
  const spaceList = SPACE_LIST_KINDS.has(kind);
  if (!atValueStart && !spaceList) return [];
  const range = rangeOf(at.document, start, end);
  const present = spaceList ? wordsBesides(node.value, text.slice(start, end)) : new Set<string>();
  const items: CompletionItem[] = [];
  const add = (item: CompletionItem) => {
    if (!present.has(item.label)) items.push(item);
  };

  if (kind === 'boolean' || kind.startsWith('boolean-or')) {
    add(plain('yes', range, CompletionItemKind.Value, l10n.t('Turns it on.'), '0'));
    add(plain('no', range, CompletionItemKind.Value, l10n.t('Turns it off.'), '0'));
  }
  if (ENUM_KINDS.has(kind)) {
    const meanings = docsOf(directive, sectionName)?.values;
    for (const value of directive.values) add(keywordItem(value, meanings?.[value], range));
  }
  if (kind === 'signal' || kind === 'exit-status-list') {
    SIGNALS().forEach(([signal, meaning], index) =>
      add(plain(signal, range, CompletionItemKind.Constant, meaning, `2${String(index).padStart(2, '0')}`)),
    );
  }
  if (UNIT_NAME_KINDS.has(kind)) items.push(...unitItems(directive, sectionName, range, present, at.knownUnits));
  if (kind === 'command-line') items.push(...commandItems(at, typed, start, end));
  if (kind === 'timespan' || kind === 'timespan-nsec') items.push(...timespanItems(typed, kind, range));
  if (kind === 'socket-address') items.push(...socketAddressItems(directive.name, range));
  return items;
}

/** Where in `typed` an unfinished specifier starts (`%` or `%x` at its end, `%%` read as an escape), or -1. */
function specifierStart(typed: string): number {
  let i = 0;
  let found = -1;
  while (i < typed.length) {
    if (typed[i] !== '%') {
      i++;
      continue;
    }
    if (i + 1 === typed.length) found = i;
    else if (i + 2 === typed.length && typed[i + 1] !== '%') found = i;
    i += 2;
  }
  return found;
}

/** Past this length a list is not searched for words already in it: one more suggestion costs less than the search. */
const LIST_SEARCHED_MAX = 8192;

/** The words of a space-separated value, without one occurrence of the word being edited. */
function wordsBesides(value: string, editing: string): Set<string> {
  if (value.length > LIST_SEARCHED_MAX) return new Set();
  const words = value.split(/\s+/).filter((word) => word.length > 0);
  const index = words.indexOf(editing);
  if (index >= 0) words.splice(index, 1);
  return new Set(words);
}

function plain(
  label: string,
  range: Range,
  kind: CompletionItemKind,
  meaning: string | undefined,
  sortGroup: string,
): CompletionItem {
  return {
    label,
    kind,
    sortText: `${sortGroup}${label}`,
    textEdit: { range, newText: label },
    ...(meaning ? { documentation: markdown(meaning) } : {}),
  };
}

/** A keyword from the catalog; `file:PATH`-style forms become snippets with the placeholder to fill in. */
function keywordItem(value: string, meaning: string | undefined, range: Range): CompletionItem {
  const item = plain(value, range, CompletionItemKind.EnumMember, meaning, '1');
  const form = /^([a-z+-]+:)([A-Z]+)$/.exec(value);
  if (!form) return item;
  return {
    ...item,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: `${form[1]}\${1:${form[2]}}` },
  };
}

function specifierItems(at: Context, start: number, end: number): CompletionItem[] {
  const range = rangeOf(at.document, start, end);
  return allSpecifiers().map((info, index) => ({
    label: info.specifier,
    kind: CompletionItemKind.Variable,
    detail: info.meaning.replace(/`/g, ''),
    filterText: info.specifier,
    sortText: String(index).padStart(3, '0'),
    textEdit: { range, newText: info.specifier },
    documentation: markdown(info.example ? `${info.meaning}\n\n${l10n.t('Example')}: ${info.example}` : info.meaning),
  }));
}

function unitItems(
  directive: Directive,
  sectionName: string,
  range: Range,
  present: Set<string>,
  knownUnits: readonly string[],
): CompletionItem[] {
  const suffix = UNIT_SUFFIX_OF[directive.name];
  const install = sectionName === 'Install' && INSTALL_DEPENDENCIES.has(directive.name);
  const items: CompletionItem[] = [];
  const special = new Set(specialUnitNames());
  specialUnitNames().forEach((unit, index) => {
    if (present.has(unit) || (suffix && !unit.endsWith(suffix))) return;
    let group = '2';
    if (install) {
      const preferred = INSTALL_TARGETS.indexOf(unit);
      if (preferred >= 0) group = `0${preferred}`;
      else if (unit.endsWith('.target')) group = '1';
    }
    const docs = specialUnitDocs(unit);
    items.push({
      label: unit,
      kind: CompletionItemKind.Reference,
      sortText: `${group}${String(index).padStart(3, '0')}`,
      textEdit: { range, newText: unit },
      ...(docs ? { documentation: markdown(docs) } : {}),
    });
  });
  // Then the units of the workspace and of this machine, after the well-known ones.
  knownUnits.forEach((unit) => {
    if (special.has(unit) || present.has(unit) || (suffix && !unit.endsWith(suffix))) return;
    if (install && !unit.endsWith('.target')) return;
    items.push({
      label: unit,
      kind: CompletionItemKind.File,
      detail: l10n.t('a unit on this system or in the workspace'),
      sortText: `3${unit}`,
      textEdit: { range, newText: unit },
    });
  });
  return items;
}

/** At the start of a command: the prefixes not typed yet, and the usual interpreters after them. */
function commandItems(at: Context, typed: string, start: number, end: number): CompletionItem[] {
  const prefixes = /^[-@:+!]*/.exec(typed)![0];
  const items: CompletionItem[] = [];
  if (prefixes === typed) {
    const here = rangeOf(at.document, at.offset, at.offset);
    EXEC_PREFIXES().forEach(([prefix, meaning], index) => {
      if (prefixes.includes(prefix) || (prefix === '!!' && prefixes.includes('!'))) return;
      items.push({
        label: prefix,
        kind: CompletionItemKind.Operator,
        detail: meaning,
        filterText: prefix,
        sortText: `0${index}`,
        textEdit: { range: here, newText: prefix },
      });
    });
  }
  const range = rangeOf(at.document, start + prefixes.length, end);
  INTERPRETERS().forEach(([label, snippet, meaning], index) =>
    items.push({
      label,
      kind: CompletionItemKind.File,
      detail: meaning,
      sortText: `1${index}`,
      filterText: snippet.replace(/\$\{\d:([^}]*)\}/g, '$1'),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: snippet },
    }),
  );
  return items;
}

/** After a number in a time span: the number with each unit systemd reads. */
function timespanItems(typed: string, kind: string, range: Range): CompletionItem[] {
  const number = /^\d+(?:\.\d+)?$/.exec(typed)?.[0];
  if (number === undefined) return [];
  const units = kind === 'timespan-nsec' ? [['ns', l10n.t('nanoseconds')] as const, ...TIME_UNITS()] : TIME_UNITS();
  return units.map(([unit, name], index) => {
    const label = number + unit;
    const parsed = parseTimespan(label);
    return {
      label,
      kind: CompletionItemKind.Unit,
      detail: parsed.ok ? `${name} (= ${formatTimespan(parsed.usec)})` : name,
      sortText: String(index).padStart(2, '0'),
      textEdit: { range, newText: label },
    };
  });
}

/** Example addresses for the Listen*= directives, with the parts to change as snippet placeholders. */
function socketAddressItems(name: string, range: Range): CompletionItem[] {
  const forms = SOCKET_FORMS()[name] ?? [];
  return forms.map(([label, snippet, meaning], index) => ({
    label,
    kind: CompletionItemKind.Value,
    detail: meaning,
    filterText: label,
    sortText: String(index).padStart(2, '0'),
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: snippet },
  }));
}

// The tables below are functions so that their words go through l10n when they are shown.

const SIGNALS = (): readonly (readonly [string, string])[] => [
  ['SIGTERM', l10n.t('Asks the process to end; the usual way to stop it.')],
  ['SIGINT', l10n.t('Interrupt, as Ctrl+C in a terminal.')],
  ['SIGHUP', l10n.t('Hang-up; many daemons reread their configuration on it.')],
  ['SIGKILL', l10n.t('Ends the process at once; it cannot be caught or ignored.')],
  ['SIGUSR1', l10n.t('Meaning is up to the program; read its manual.')],
  ['SIGUSR2', l10n.t('Meaning is up to the program; read its manual.')],
  ['SIGQUIT', l10n.t('Quit and write a core dump.')],
  ['SIGABRT', l10n.t('Abort and write a core dump.')],
  ['SIGCONT', l10n.t('Resumes a stopped process.')],
  ['SIGSTOP', l10n.t('Pauses the process; it cannot be caught.')],
  ['SIGWINCH', l10n.t('Terminal size changed; some servers take it as a request to stop gracefully.')],
  ['SIGALRM', l10n.t('Timer alarm.')],
  ['SIGPIPE', l10n.t('Write to a pipe or socket nobody reads.')],
];

const EXEC_PREFIXES = (): readonly (readonly [string, string])[] => [
  ['-', l10n.t('A failing exit code is ignored.')],
  ['@', l10n.t('The second word becomes argv[0], the name the program sees.')],
  [':', l10n.t('No `$VAR` expansion in the arguments.')],
  ['+', l10n.t('Runs with full privileges, ignoring User=, sandboxing and the like.')],
  ['!', l10n.t('Runs with full privileges for User= and Group= only; other restrictions stay.')],
  ['!!', l10n.t('Like `!`, but only on systems without ambient capabilities.')],
];

const INTERPRETERS = (): readonly (readonly [string, string, string])[] => [
  ["/bin/sh -c '…'", "/bin/sh -c '${1:command}'", l10n.t('Run a shell command line (pipes, redirections, &&).')],
  ['/usr/bin/env', '/usr/bin/env ${1:program}', l10n.t('Find the program in $PATH, or set variables first.')],
  ['/usr/bin/python3', '/usr/bin/python3 ${1:script.py}', l10n.t('Run a Python script.')],
  ['/usr/bin/bash', '/usr/bin/bash ${1:script.sh}', l10n.t('Run a bash script.')],
];

const TIME_UNITS = (): readonly (readonly [string, string])[] => [
  ['s', l10n.t('seconds')],
  ['min', l10n.t('minutes')],
  ['h', l10n.t('hours')],
  ['ms', l10n.t('milliseconds')],
  ['us', l10n.t('microseconds')],
  ['d', l10n.t('days')],
  ['w', l10n.t('weeks')],
  ['M', l10n.t('months')],
  ['y', l10n.t('years')],
];

const SOCKET_FORMS = (): Readonly<Record<string, readonly (readonly [string, string, string])[]>> => {
  const network: readonly (readonly [string, string, string])[] = [
    ['8080', '${1:8080}', l10n.t('A port on every address, IPv4 and IPv6.')],
    ['127.0.0.1:8080', '${1:127.0.0.1}:${2:8080}', l10n.t('An IPv4 address and port.')],
    ['[::1]:8080', '[${1:::1}]:${2:8080}', l10n.t('An IPv6 address in brackets, and port.')],
    ['/run/NAME.sock', '/run/${1:NAME}.sock', l10n.t('A UNIX socket file at this path.')],
    ['@NAME', '@${1:NAME}', l10n.t('An abstract UNIX socket: no file on disk.')],
    ['vsock:2:1234', 'vsock:${1:2}:${2:1234}', l10n.t('A VSOCK address (CID and port), between a VM and its host.')],
  ];
  return {
    ListenStream: network,
    ListenDatagram: network,
    ListenSequentialPacket: network.filter(([label]) => /^[/@v]/.test(label)),
    ListenFIFO: [['/run/NAME.fifo', '/run/${1:NAME}.fifo', l10n.t('A named pipe at this path.')]],
    ListenMessageQueue: [['/NAME', '/${1:NAME}', l10n.t('A POSIX message queue name.')]],
  };
};
