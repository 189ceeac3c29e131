import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import {
  CALENDAR_EVENTS_URL,
  docsOf,
  findDirective,
  findSpecifier,
  sectionDocs,
  sectionUrl,
  SPECIAL_UNITS_URL,
  specialUnitDocs,
  unitTypeDocs,
  unitTypeUrl,
  type Directive,
} from '../catalog';
import { UNIT_NAME_KINDS } from '../catalog/kinds';
import { unitTypeOfSection } from '../catalog/unitTypes';
import type { Settings } from '../settings';
import {
  locate,
  touches,
  type AssignmentNode,
  type SectionHeaderNode,
  type TextSpan,
  type UnitFileNode,
} from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import { formatByteSize } from '../values/bytes';
import { calendarPreview, hostZone, isUtcZone } from '../values/calendar';
import { parseSize } from '../values/simple-numbers';
import { formatTimespan, parseTimespan } from '../values/timespan';
import { directiveMarkdown, ENUM_KINDS } from './directiveDocs';
import { specifierValue, type SpecifierUnit } from '../values/specifiers';
import { localPath, previewParts } from './templates';
import { ownValue } from '../util/ownValue';

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  yes: true,
  y: true,
  true: true,
  t: true,
  on: true,
  '1': true,
  no: false,
  n: false,
  false: false,
  f: false,
  off: false,
  '0': false,
};

/** Hover for the symbol at a position: a section header, a directive name, or a piece of a value. */
export function doHover(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
  position: Position,
): Hover | null {
  const offset = document.offsetAt(position);
  const located = locate(file, offset);
  if (!located) return null;
  const { node, section } = located;
  const range = (span: TextSpan) => ({
    start: document.positionAt(span.offset),
    end: document.positionAt(span.offset + span.length),
  });
  const answer = (value: string | undefined, span: TextSpan): Hover | null =>
    value ? { contents: { kind: MarkupKind.Markdown, value }, range: range(span) } : null;

  if (node.kind === 'header') {
    return touches(node.nameSpan, offset) ? answer(sectionHover(node, kind), node.nameSpan) : null;
  }
  if (node.kind !== 'assignment' || !section || node.key.startsWith('X-')) return null;
  const sectionName = section.header.name;
  const directive = findDirective(sectionName, node.key);
  if (touches(node.keySpan, offset)) {
    return answer(directiveMarkdown(node.key, sectionName, directive, settings), node.keySpan);
  }
  if (directive && touches(node.valueSpan, offset) && node.valueSpan.length > 0) {
    const hover = valueHover(file.text, node, directive, sectionName, offset, specifierUnit(document, kind, settings));
    return hover ? answer(hover.markdown, hover.span) : null;
  }
  return null;
}

function link(page: string, url: string): string {
  return `[${page}](${url})`;
}

function sectionHover(header: SectionHeaderNode, kind: UnitFileKind): string | undefined {
  const name = header.name;
  const docs = sectionDocs(name);
  if (!docs) return undefined;
  const parts = [`**[${name}]**`, docs];
  const type = unitTypeOfSection(name) ?? (name === 'Unit' ? kind.unitType : undefined);
  const typeDocs = type ? unitTypeDocs(type) : undefined;
  if (type && typeDocs) parts.push(`**.${type}** ${l10n.t('units')}: ${typeDocs}`);
  const page = name === 'Unit' || name === 'Install' ? 'systemd.unit(5)' : `systemd.${name.toLowerCase()}(5)`;
  const links = [link(page, sectionUrl(name))];
  if (type && name === 'Unit') links.push(link(`systemd.${type}(5)`, unitTypeUrl(type)));
  parts.push(links.join(' · '));
  return parts.join('\n\n');
}

/** The whitespace-separated word of the value under the cursor, with its span in the document. */
/** The longest word hover looks for, either side of the cursor. */
const HOVER_WORD_MAX = 256;

function wordAt(text: string, value: TextSpan, offset: number): { word: string; span: TextSpan } | undefined {
  const end = value.offset + value.length;
  // Words with something to say about them are short; a longer run is not searched to its ends.
  const from = Math.max(value.offset, offset - HOVER_WORD_MAX);
  const to = Math.min(end, offset + HOVER_WORD_MAX);
  let start = offset;
  while (start > from && !/\s/.test(text[start - 1]!)) start--;
  let stop = offset;
  while (stop < to && !/\s/.test(text[stop]!)) stop++;
  if (stop <= start || (start === from && from > value.offset) || (stop === to && to < end)) return undefined;
  return { word: text.slice(start, stop), span: { offset: start, length: stop - start } };
}

/** The `%x` specifier under the cursor, if any; `%%` is the escaped percent sign. */
function specifierAt(text: string, value: TextSpan, offset: number): { specifier: string; span: TextSpan } | undefined {
  const end = value.offset + value.length;
  for (let i = text.indexOf('%', value.offset); i >= 0 && i < end - 1 && i <= offset; i = text.indexOf('%', i + 2)) {
    // Each `%` takes the character after it, so `%%i` reads as `%%` then `i`.
    if (offset <= i + 2) return { specifier: text.slice(i, i + 2), span: { offset: i, length: 2 } };
  }
  return undefined;
}

/** The unit whose specifiers a hover shows: a template is shown as the instance named in the settings. */
function specifierUnit(document: TextDocument, kind: UnitFileKind, settings: Settings): SpecifierUnit {
  const path = localPath(document.uri);
  return {
    parts: previewParts(kind, settings.templates.previewInstance),
    userUnit: kind.userUnit,
    ...(path ? { path } : {}),
  };
}

/** One line saying what a specifier becomes for this unit, or why that is not known here. */
function specifierLine(letter: string, unit: SpecifierUnit): string {
  const value = specifierValue(letter, unit);
  const name = unit.parts ? `\`${unit.parts.name}\`` : l10n.t('this unit');
  if (value.known)
    return l10n.t('For {0} this is {1}.', name, value.value === '' ? l10n.t('empty') : `\`${value.value}\``);
  switch (value.reason) {
    case 'machine':
      return l10n.t('Its value comes from the machine the unit runs on.');
    case 'user':
      return l10n.t('Its value depends on the user whose manager runs the unit.');
    case 'no-name':
      return l10n.t('Its value comes from the unit name; save the file under a unit name to see it.');
    default:
      return l10n.t('systemd cannot expand it for {0}.', name);
  }
}

function valueHover(
  text: string,
  node: AssignmentNode,
  directive: Directive,
  sectionName: string,
  offset: number,
  unit: SpecifierUnit,
): { markdown: string; span: TextSpan } | undefined {
  const specifier = specifierAt(text, node.valueSpan, offset);
  if (specifier) {
    const info = findSpecifier(specifier.specifier);
    if (!info) return undefined;
    const example = info.example ? `\n\n${info.example}` : '';
    const here = specifierLine(specifier.specifier.slice(1), unit);
    return {
      markdown: `**${info.specifier}** — ${info.meaning}${example}\n\n${here}\n\n${link('systemd.unit(5)', info.url)}`,
      span: specifier.span,
    };
  }

  const kind = directive.kind;
  const whole = node.valueSpan;
  if (kind === 'timespan') {
    const parsed = parseTimespan(node.value);
    if (!parsed.ok) return undefined;
    return { markdown: `\`${node.value}\` = **${formatTimespan(parsed.usec)}**`, span: whole };
  }
  if (kind === 'calendar') {
    const lines = calendarPreview(node.value);
    if (!lines) return undefined;
    const zone = hostZone().rules;
    const note = isUtcZone(zone) ? '' : `\n\n${l10n.t("Local times are this computer's ({0}).", zone.name)}`;
    return {
      markdown: `\`\`\`text\n${lines.join('\n')}\n\`\`\`${note}\n\n${link('systemd.time(7)', CALENDAR_EVENTS_URL)}`,
      span: whole,
    };
  }
  if ((kind === 'bytes' || kind === 'bytes-or-percent') && /^[\d.]/.test(node.value) && !node.value.endsWith('%')) {
    const parsed = parseSize(node.value);
    if (!parsed.ok) return undefined;
    const exact = parsed.value >= 1024n ? ` (${parsed.value} ${l10n.t('bytes')})` : '';
    return { markdown: `\`${node.value}\` = **${formatByteSize(parsed.value)}**${exact}`, span: whole };
  }

  const at = wordAt(text, node.valueSpan, offset);
  if (!at) return undefined;
  if (ENUM_KINDS.has(kind)) {
    const meaning = docsOf(directive, sectionName)?.values?.[at.word];
    if (meaning && directive.values.includes(at.word)) {
      return { markdown: `**${directive.name}=${at.word}** — ${meaning}`, span: at.span };
    }
  }
  if (kind === 'boolean' || kind.startsWith('boolean-or')) {
    const truth = ownValue(BOOLEAN_WORDS, at.word.toLowerCase());
    if (truth !== undefined) {
      const markdown = truth
        ? l10n.t('`{0}` turns this on (systemd reads `yes`, `true`, `on` and `1` alike).', at.word)
        : l10n.t('`{0}` turns this off (systemd reads `no`, `false`, `off` and `0` alike).', at.word);
      return { markdown, span: at.span };
    }
  }
  if (UNIT_NAME_KINDS.has(kind)) {
    const purpose = specialUnitDocs(at.word);
    if (purpose) {
      return {
        markdown: `**${at.word}** — ${purpose}\n\n${link('systemd.special(7)', SPECIAL_UNITS_URL)}`,
        span: at.span,
      };
    }
  }
  return undefined;
}
