/**
 * What `%` specifiers become for one unit, as systemd computes them (src/core/unit-printf.c, src/shared/specifier.c):
 * the name-derived ones exactly, the directory roots for the system or user manager, and nothing for what only the
 * running machine knows (host name, machine and boot IDs, os-release fields, kernel release, architecture).
 */

/** The parts of a unit name the name-derived specifiers are made from. */
export interface UnitNameParts {
  /** The full name, `foo@bar.service`. */
  readonly name: string;
  /** Before `@` for an instance or template, else the name without its type: `foo`. */
  readonly prefix: string;
  /** After `@` and before the type; undefined for a unit that is not an instance. */
  readonly instance: string | undefined;
  /** The type suffix without the dot: `service`. */
  readonly type: string;
}

/** The characters systemd allows in a unit name (unit_name_is_valid()). */
const UNIT_NAME_CHARS = /^[A-Za-z0-9:_.\\-]*$/;

/** Splits a unit name; undefined when it is not one systemd would accept. */
export function unitNameParts(name: string): UnitNameParts | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length > 255) return undefined;
  const stem = name.slice(0, dot);
  const type = name.slice(dot + 1);
  const at = stem.indexOf('@');
  if (at < 0) return UNIT_NAME_CHARS.test(stem) ? { name, prefix: stem, instance: undefined, type } : undefined;
  const prefix = stem.slice(0, at);
  const instance = stem.slice(at + 1);
  if (prefix.length === 0 || !UNIT_NAME_CHARS.test(prefix) || !/^[A-Za-z0-9:_.\\@-]*$/.test(instance)) {
    return undefined;
  }
  return { name, prefix, instance, type };
}

/** Whether `text` can stand as an instance name in a unit name (the characters systemd allows there). */
export function isValidInstance(text: string): boolean {
  return text.length > 0 && text.length <= 200 && /^[A-Za-z0-9:_.\\@-]+$/.test(text);
}

/** The name of the instance `instance` of template `foo@.service`: `foo@instance.service`. */
export function instanceName(template: UnitNameParts, instance: string): string {
  return `${template.prefix}@${instance}.${template.type}`;
}

/**
 * unit_name_unescape(): `-` stands for `/`, `\xNN` for the byte NN (`\x00` ends the text, as it ends systemd's C
 * string). Undefined for a malformed escape.
 */
export function unescapeUnitName(text: string): string | undefined {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '-') bytes.push(0x2f);
    else if (c === '\\') {
      const hex = /^x([0-9a-fA-F]{2})/.exec(text.slice(i + 1, i + 4));
      if (!hex) return undefined;
      const value = parseInt(hex[1]!, 16);
      if (value === 0) break; // systemd's string ends at the NUL it wrote
      bytes.push(value);
      i += 3;
    } else bytes.push(...encoder.encode(c));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

/**
 * unit_name_path_unescape(): `-` alone is the root directory; otherwise the unescaped text with a `/` in front, and
 * undefined when that is not a normalised path (empty, `//`, a trailing `/`, `.` or `..` components).
 */
export function unescapeUnitPath(text: string): string | undefined {
  if (text === '-') return '/';
  const plain = unescapeUnitName(text);
  if (plain === undefined || plain.length === 0 || plain.startsWith('/') || plain.endsWith('/')) return undefined;
  const parts = plain.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return `/${plain}`;
}

/** How a specifier reads for a unit: its value, or why there is none (`machine`: only the running system knows). */
export type SpecifierValue =
  | { readonly known: true; readonly value: string }
  | { readonly known: false; readonly reason: 'machine' | 'user' | 'invalid' | 'no-name' };

export interface SpecifierUnit {
  /** The unit's name (for a template, the instance being previewed); undefined when the file name does not tell. */
  readonly parts: UnitNameParts | undefined;
  /** A unit of a user manager (its directory roots and user are those of the user). */
  readonly userUnit: boolean;
  /** The path of the unit file, for `%y` and `%Y`, when it is a local file. */
  readonly path?: string;
}

/** Directory roots of the system manager (`%t %S %C %L %E %T %V %D` and the user it runs units as by default). */
const SYSTEM_VALUES: Readonly<Record<string, string>> = {
  t: '/run',
  S: '/var/lib',
  C: '/var/cache',
  L: '/var/log',
  E: '/etc',
  D: '/usr/share',
  T: '/tmp',
  V: '/var/tmp',
  u: 'root',
  U: '0',
  g: 'root',
  G: '0',
  h: '/root',
  s: '/bin/sh',
};

/** `%T` and `%V` do not depend on the manager: without $TMPDIR they are these. */
const SHARED_VALUES: Readonly<Record<string, string>> = { T: '/tmp', V: '/var/tmp' };

const MACHINE_LETTERS = new Set('aAbBHlmMoqvwW');
const NAME_LETTERS = new Set('nNpPiIjJf');

function known(value: string): SpecifierValue {
  return { known: true, value };
}

/** The value of `%letter` for the unit (the letter without the `%`). */
export function specifierValue(letter: string, unit: SpecifierUnit): SpecifierValue {
  if (letter === '%') return known('%');
  if (MACHINE_LETTERS.has(letter)) return { known: false, reason: 'machine' };
  const parts = unit.parts;
  if (NAME_LETTERS.has(letter)) {
    if (!parts) return { known: false, reason: 'no-name' };
    const stem = parts.instance === undefined ? parts.prefix : `${parts.prefix}@${parts.instance}`;
    const lastDash = parts.prefix.lastIndexOf('-');
    const last = lastDash >= 0 ? parts.prefix.slice(lastDash + 1) : parts.prefix;
    const unescaped = (text: string | undefined) =>
      text === undefined ? ({ known: false, reason: 'invalid' } as const) : known(text);
    switch (letter) {
      case 'n':
        return known(parts.name);
      case 'N':
        return known(stem);
      case 'p':
        return known(parts.prefix);
      case 'P':
        return unescaped(unescapeUnitName(parts.prefix));
      case 'i':
        return known(parts.instance ?? '');
      case 'I':
        return unescaped(unescapeUnitName(parts.instance ?? ''));
      case 'j':
        return known(last);
      case 'J':
        return unescaped(unescapeUnitName(last));
      case 'f':
        return unescaped(unescapeUnitPath(parts.instance ?? parts.prefix));
    }
  }
  if (letter === 'y' || letter === 'Y') {
    if (!unit.path) return { known: false, reason: 'no-name' };
    return known(letter === 'y' ? unit.path : unit.path.slice(0, Math.max(1, unit.path.lastIndexOf('/'))));
  }
  if (letter === 'd') {
    if (!parts) return { known: false, reason: 'no-name' };
    return unit.userUnit ? { known: false, reason: 'user' } : known(`/run/credentials/${parts.name}`);
  }
  if (unit.userUnit) {
    const shared = SHARED_VALUES[letter];
    return shared !== undefined ? known(shared) : { known: false, reason: 'user' };
  }
  const value = SYSTEM_VALUES[letter];
  return value !== undefined ? known(value) : { known: false, reason: 'invalid' };
}

/** Expands every specifier of a value; those only the running machine knows are left as written. */
export function expandSpecifiers(value: string, unit: SpecifierUnit): { text: string; kept: Set<string> } {
  const kept = new Set<string>();
  let text = '';
  let copied = 0;
  // From `%` to `%`: the text between is copied as one slice, so a long value costs no more than its specifiers.
  for (let i = value.indexOf('%'); i >= 0 && i < value.length - 1; i = value.indexOf('%', i)) {
    const next = value[i + 1]!;
    text += value.slice(copied, i);
    const expanded = specifierValue(next, unit);
    if (expanded.known) text += expanded.value;
    else {
      text += `%${next}`;
      if (next !== '%') kept.add(`%${next}`);
    }
    i += 2;
    copied = i;
  }
  return { text: text + value.slice(copied), kept };
}
