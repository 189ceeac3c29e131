import * as l10n from '@vscode/l10n';
import { directivesNamed, docsOf, type Directive } from '../catalog';
import { kindSyntax } from '../catalog/kinds';
import type { Settings } from '../settings';

/** The first release whose directive table the fact tables read; anything there is at least that old. */
const OLDEST_TRACKED_RELEASE = 183;

/** Kinds whose value is (or may be) one of the directive's keywords. */
export const ENUM_KINDS: ReadonlySet<string> = new Set([
  'enum',
  'enum-list',
  'boolean-or-enum',
  'boolean-or-enum-list',
  'enum-or-integer',
]);

export interface DirectiveMarkdownOptions {
  /** Start with `**Name=** · [Section]`; completion leaves it out, as the item's label already says it. */
  readonly heading?: boolean;
}

/**
 * The docs of a directive in markdown, shared by hover and completion: summary, details, value syntax, keywords,
 * default, example, the release that added it, deprecation and version warnings, and the man page link. Without
 * `directive` (systemd does not read `name` in `sectionName`), the docs of the section it belongs to, with a warning.
 */
export function directiveMarkdown(
  name: string,
  sectionName: string,
  directive: Directive | undefined,
  settings: Settings,
  options: DirectiveMarkdownOptions = {},
): string | undefined {
  // A directive systemd reads elsewhere still gets its docs, with a note on where it belongs.
  const shown = directive ?? directivesNamed(name)[0];
  if (!shown) return undefined;
  const shownSection = directive ? sectionName : shown.sections[0]!;
  const docs = docsOf(shown, shownSection);
  const parts: string[] = options.heading === false ? [] : [`**${name}=** · [${shownSection}]`];
  if (!directive) {
    const where = [...new Set(directivesNamed(name).flatMap((d) => d.sections))].map((s) => `[${s}]`).join(', ');
    parts.push(`⚠ ${l10n.t('systemd does not read this directive in [{0}]; it belongs in {1}.', sectionName, where)}`);
  }
  if (docs?.summary) parts.push(docs.summary);
  if (docs?.details) parts.push(docs.details);

  const facts: string[] = [];
  const syntax = kindSyntax(shown.kind);
  if (syntax && shown.kind !== 'obsolete') {
    let line = `${l10n.t('Value')}: ${syntax}`;
    if (shown.list) {
      line += ' ' + l10n.t('Can be given more than once; each assignment adds to the list.');
      if (shown.emptyResets) line += ' ' + l10n.t('An empty `{0}=` clears it.', name);
    } else if (shown.emptyResets) {
      line += ' ' + l10n.t('An empty `{0}=` restores the default.', name);
    }
    facts.push(line);
  }
  if (ENUM_KINDS.has(shown.kind) && shown.values.length > 0 && shown.values.length <= 16) {
    // The catalog keeps them in alphabetical order, as completion lists them.
    facts.push(`${l10n.t('Values')}: ${shown.values.map((v) => `\`${v}\``).join(' · ')}`);
  }
  if (docs?.default) facts.push(`${l10n.t('Default')}: ${docs.default}`);
  if (docs?.example) facts.push(`${l10n.t('Example')}: \`${docs.example}\``);
  // Directives older than the oldest release the fact tables go back to have been there all along: no version.
  if (shown.gate > OLDEST_TRACKED_RELEASE) facts.push(l10n.t('Since systemd {0}.', shown.gate));
  if (facts.length > 0) parts.push(facts.join('  \n'));

  if (shown.deprecated) {
    parts.push(
      shown.replacement
        ? `⚠ ${l10n.t('Deprecated: use `{0}=` instead.', shown.replacement)}`
        : `⚠ ${l10n.t('Deprecated.')}`,
    );
  }
  const version = settings.systemdVersion;
  if (version !== 'latest' && shown.gate > version) {
    parts.push(`⚠ ${l10n.t('Needs systemd {0} or newer; `systemdUnits.systemdVersion` is {1}.', shown.gate, version)}`);
  }
  parts.push(`[${shown.page}](${shown.url})`);
  return parts.join('\n\n');
}
