import catalogData from './generated/catalog.json';
import cgroupKillDocs from './docs/cgroup-kill.json';
import exec1Docs from './docs/exec-1.json';
import exec2Docs from './docs/exec-2.json';
import sectionDocsData from './docs/sections.json';
import serviceDocs from './docs/service-etc.json';
import socketDocs from './docs/socket-etc.json';
import specialUnitDocsData from './docs/specialUnits.json';
import specifierDocsData from './docs/specifiers.json';
import unitConditionDocs from './docs/unit-conditions.json';
import unitDocs from './docs/unit.json';
import unitTypeDocsData from './docs/unitTypes.json';
import type { UnitType } from './unitTypes';
import { ownValue } from '../util/ownValue';

/** What systemd accepts: one directive in one or more sections that share the same facts. */
export interface Directive {
  readonly name: string;
  readonly sections: readonly string[];
  /** `unit`, `install`, `exec`, `kill`, `cgroup`, or the unit type whose section it belongs to. */
  readonly context: string;
  readonly kind: string;
  /** The keywords an enum-like value accepts. */
  readonly values: readonly string[];
  /** Assigning it again adds to the earlier value rather than replacing it. */
  readonly list: boolean;
  /** An empty assignment (`Name=`) clears what was set before. */
  readonly emptyResets: boolean;
  /** The release the man page says added it, when it says. */
  readonly since: number | null;
  /** The first release that accepts it: the version to gate on. */
  readonly gate: number;
  readonly deprecated: boolean;
  readonly replacement: string | null;
  /** The man page, such as `systemd.exec(5)`. */
  readonly page: string;
  /**
   * For settings systemd once honoured and now ignores with a warning: a release that already ignores it (the fact
   * tables only tell that 252 honoured it and 262 ignores it). Null otherwise.
   */
  readonly ignoredSince: number | null;
  /** The systemd parser function, which tells how the value is read. */
  readonly parser: string;
  /** Full URL of the man page, with the anchor of the directive where there is one. */
  readonly url: string;
}

/** Hand-written docs for a directive, in our own words. */
export interface DirectiveDocs {
  readonly summary: string;
  readonly details?: string;
  readonly default?: string;
  readonly example?: string;
  readonly values?: Readonly<Record<string, string>>;
}

export interface SpecifierInfo {
  readonly specifier: string;
  readonly meaning: string;
  readonly example: string | undefined;
  readonly url: string;
}

interface RawDirective extends Omit<Directive, 'url'> {
  readonly url: string;
}

const URL_PREFIX: string = catalogData.urlPrefix;

const DIRECTIVES: readonly Directive[] = (catalogData.directives as readonly RawDirective[]).map((raw) => ({
  ...raw,
  url: URL_PREFIX + raw.url,
}));

/** Section → name → directive: two lookups and no string building, on the hot path of every rule. */
const BY_SECTION_AND_NAME = new Map<string, Map<string, Directive>>();
const BY_NAME = new Map<string, Directive[]>();
const BY_SECTION = new Map<string, Directive[]>();
for (const directive of DIRECTIVES) {
  for (const section of directive.sections) {
    let names = BY_SECTION_AND_NAME.get(section);
    if (!names) BY_SECTION_AND_NAME.set(section, (names = new Map()));
    names.set(directive.name, directive);
    const inSection = BY_SECTION.get(section) ?? [];
    inSection.push(directive);
    BY_SECTION.set(section, inSection);
  }
  const named = BY_NAME.get(directive.name) ?? [];
  named.push(directive);
  BY_NAME.set(directive.name, named);
}

/** Docs keyed `context/Name`, with `Section/Name` where one section needs its own words. */
const DOCS: Readonly<Record<string, DirectiveDocs>> = Object.assign(
  {},
  unitDocs,
  unitConditionDocs,
  exec1Docs,
  exec2Docs,
  cgroupKillDocs,
  serviceDocs,
  socketDocs,
);

export function allDirectives(): readonly Directive[] {
  return DIRECTIVES;
}

export function findDirective(section: string, name: string): Directive | undefined {
  return BY_SECTION_AND_NAME.get(section)?.get(name);
}

export function directivesNamed(name: string): readonly Directive[] {
  return BY_NAME.get(name) ?? [];
}

export function directivesInSection(section: string): readonly Directive[] {
  return BY_SECTION.get(section) ?? [];
}

export function docsOf(directive: Directive, section: string): DirectiveDocs | undefined {
  return ownValue(DOCS, `${section}/${directive.name}`) ?? ownValue(DOCS, `${directive.context}/${directive.name}`);
}

const SECTION_DOCS: Readonly<Record<string, string>> = sectionDocsData;
const UNIT_TYPE_DOCS: Readonly<Record<string, string>> = unitTypeDocsData;
const SPECIAL_UNIT_DOCS: Readonly<Record<string, string>> = specialUnitDocsData;
const SPECIFIER_DOCS: Readonly<Record<string, { meaning: string; example?: string }>> = specifierDocsData;

export function sectionDocs(section: string): string | undefined {
  return ownValue(SECTION_DOCS, section);
}

export function unitTypeDocs(type: UnitType): string | undefined {
  return ownValue(UNIT_TYPE_DOCS, type);
}

/** What a well-known unit from systemd.special(7) is for. */
export function specialUnitDocs(unit: string): string | undefined {
  return ownValue(SPECIAL_UNIT_DOCS, unit);
}

export const SPECIAL_UNITS_URL = `${URL_PREFIX}systemd.special.html`;
/** systemd.time(7), where calendar events are described. */
export const CALENDAR_EVENTS_URL = `${URL_PREFIX}systemd.time.html#Calendar%20Events`;

export function specialUnitNames(): readonly string[] {
  return Object.keys(SPECIAL_UNIT_DOCS);
}

const SPECIFIERS = new Map<string, SpecifierInfo>(
  catalogData.specifiers.map((raw) => {
    const docs = ownValue(SPECIFIER_DOCS, raw.specifier);
    return [
      raw.specifier,
      {
        specifier: raw.specifier,
        meaning: docs?.meaning ?? raw.meaning,
        example: docs?.example,
        url: URL_PREFIX + raw.url,
      },
    ];
  }),
);

export function findSpecifier(specifier: string): SpecifierInfo | undefined {
  return SPECIFIERS.get(specifier);
}

export function allSpecifiers(): readonly SpecifierInfo[] {
  return [...SPECIFIERS.values()];
}

/** The man page of a section or unit type: systemd.unit(5) for [Unit] and [Install], else the type's own page. */
export function sectionUrl(section: string): string {
  const page = section === 'Unit' || section === 'Install' ? 'unit' : section.toLowerCase();
  return `${URL_PREFIX}systemd.${page}.html`;
}

export function unitTypeUrl(type: UnitType): string {
  return `${URL_PREFIX}systemd.${type}.html`;
}
