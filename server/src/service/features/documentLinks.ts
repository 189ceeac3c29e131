import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentLink } from 'vscode-languageserver-types';
import { findDirective, SPECIAL_UNITS_URL } from '../catalog';
import type { UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import { readSectionsOf, valueWords } from '../workspace/references';
import { fileUri, joinUri } from '../workspace/uris';
import manPages from './systemdManPages.json';

/**
 * Links made from one value at most: each path is looked up on disk, and a value can hold a megabyte of words; past a
 * few hundred, more links help no one.
 */
const MAX_LINKS_PER_VALUE = 256;

/** Section → page names of the systemd project's own manual pages. */
const SYSTEMD_PAGES = new Map<string, string>();
for (const [section, names] of Object.entries(manPages)) {
  if (!Array.isArray(names)) continue;
  for (const name of names) SYSTEMD_PAGES.set(name, section);
}

const FREEDESKTOP_MAN = SPECIAL_UNITS_URL.slice(0, SPECIAL_UNITS_URL.lastIndexOf('/') + 1);
const MAN7 = 'https://man7.org/linux/man-pages/';

/** `man:systemd.exec(5)` → the page on freedesktop.org; `man:crontab(5)` → man7.org; undefined without a section. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function manPageUrl(uri: string): string | undefined {
  const match = /^man:([^\s()]+?)(?:\((\d[a-z0-9]*)\))?$/i.exec(uri);
  // A name with a lone surrogate (bytes that were not UTF-8) cannot be put in a URL: no link.
  if (!match || LONE_SURROGATE.test(match[1]!)) return undefined;
  const name = match[1]!;
  const section = match[2];
  const systemdSection = SYSTEMD_PAGES.get(name);
  if (systemdSection !== undefined && (section === undefined || section === systemdSection)) {
    return `${FREEDESKTOP_MAN}${encodeURIComponent(name)}.html`;
  }
  if (!section) return undefined;
  return `${MAN7}man${section[0]}/${encodeURIComponent(name)}.${section}.html`;
}

/** Kinds of value that name files, whose existing files get a link. */
const PATH_KINDS = new Set(['path', 'path-list', 'condition-path', 'command-line']);

/** Where systemd reads a path from a word: without the prefixes that make it optional, negated or privileged. */
function pathOf(word: string, kind: string): string | undefined {
  let text = word;
  if (kind === 'command-line') text = text.replace(/^[-@:+!]+/, '');
  else text = text.replace(/^[-!|+]+/, '');
  if (!text.startsWith('/') || text.includes('%') || text.includes('*') || text.length < 2) return undefined;
  return text;
}

export interface LinkHost {
  /** Whether a file (not a directory) exists at a URI; absent in the browser, where only URLs get links. */
  readonly fileExists?: (uri: string) => boolean;
  /** The workspace folders: `/etc/foo.conf` also links to `<folder>/etc/foo.conf` when that exists. */
  readonly workspaceFolders: readonly string[];
}

/**
 * Links in a unit file: Documentation= URLs (`man:` pages as web pages: systemd's on freedesktop.org, the others on
 * man7.org; `http(s):`, `file:` and `info:` as written), and absolute paths of files that exist, on the machine or
 * under a workspace folder (EnvironmentFile=, ExecStart= programs, ConditionPathExists=, …).
 */
export function findDocumentLinks(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  host: LinkHost,
): DocumentLink[] {
  const links: DocumentLink[] = [];
  const sections = readSectionsOf(kind);
  const range = (offset: number, length: number) => ({
    start: document.positionAt(offset),
    end: document.positionAt(offset + length),
  });
  for (const section of file.sections) {
    const sectionName = section.header.name;
    if (!sections.has(sectionName)) continue;
    for (const entry of section.entries) {
      if (entry.kind !== 'assignment' || entry.value === '') continue;
      const directive = findDirective(sectionName, entry.key);
      if (!directive) continue;
      if (directive.kind === 'url-list') {
        for (const word of valueWords(file.text, entry, false, MAX_LINKS_PER_VALUE)) {
          const url = /^man:/i.test(word.text)
            ? manPageUrl(word.text)
            : /^(https?|file|info):/i.test(word.text)
              ? word.text
              : undefined;
          if (!url) continue;
          links.push({
            range: range(word.span.offset, word.span.length),
            target: url,
            tooltip: /^man:/i.test(word.text) ? l10n.t('Open the manual page {0}', word.text.slice(4)) : undefined,
          });
        }
        continue;
      }
      if (!PATH_KINDS.has(directive.kind) || !host.fileExists) continue;
      // In a command line only the program is a path worth a link; its arguments may be anything.
      const words = valueWords(file.text, entry, false, directive.kind === 'command-line' ? 1 : MAX_LINKS_PER_VALUE);
      for (const word of words) {
        const path = pathOf(word.text, directive.kind);
        if (!path) continue;
        const candidates = [
          fileUri(path),
          ...host.workspaceFolders.map((folder) => path.split('/').filter(Boolean).reduce(joinUri, folder)),
        ];
        const target = candidates.find((candidate) => host.fileExists!(candidate));
        if (!target) continue;
        const start = word.span.offset + word.text.indexOf(path);
        links.push({ range: range(start, path.length), target });
      }
    }
  }
  return links;
}
