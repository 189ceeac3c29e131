// Unit names as systemd checks them (unit_name_is_valid and unit_instance_is_valid in src/basic/unit-name.c), and
// the unit a file on disk stands for. Pure: no `vscode`, no node modules, so node:test loads it as it is.

/** Every unit type systemd knows, in the order of its unit type table. */
export const UNIT_TYPES = [
  'service',
  'mount',
  'swap',
  'socket',
  'target',
  'device',
  'automount',
  'timer',
  'path',
  'slice',
  'scope',
] as const;

export type UnitType = (typeof UNIT_TYPES)[number];

/** systemd refuses a name of this many bytes or more (UNIT_NAME_MAX counts the terminating NUL). */
export const UNIT_NAME_MAX = 256;

/** Letters, digits and `:-_.\`, plus `@` between a template's prefix and its instance. */
const NAME_CHARACTERS = /^[A-Za-z0-9:_.\\@-]+$/;
const INSTANCE_CHARACTERS = NAME_CHARACTERS;

export type UnitNameKind = 'plain' | 'template' | 'instance';

export interface UnitName {
  readonly name: string;
  readonly kind: UnitNameKind;
  readonly type: UnitType;
  /** The text before the first `@` (a template or instance) or before the type suffix (a plain name). */
  readonly prefix: string;
}

export function isUnitType(word: string): word is UnitType {
  return (UNIT_TYPES as readonly string[]).includes(word);
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * A name quoted for a message: anything outside printable ASCII (control characters, escape sequences, bidirectional
 * overrides) is shown as a `\u{…}` escape, so a hostile file name cannot rewrite a terminal line or a dialog.
 */
export function printable(text: string, max = 80): string {
  const shown = [...(text.length > max ? text.slice(0, max) : text)]
    .map((c) => (c >= ' ' && c <= '~' && c !== '"' && c !== '\\' ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`))
    .join('');
  return `"${shown}${text.length > max ? '…' : ''}"`;
}

/** Parses and checks a unit name; returns the reason it is not valid as a string. */
export function parseUnitName(name: unknown): UnitName | string {
  if (typeof name !== 'string' || name.length === 0) return 'the unit name is empty';
  if (utf8Length(name) >= UNIT_NAME_MAX) return `a unit name must be shorter than ${UNIT_NAME_MAX} bytes`;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return `${printable(name)} has no unit type suffix such as .service or .timer`;
  const suffix = name.slice(dot + 1);
  if (!isUnitType(suffix)) return `.${printable(suffix).slice(1, -1)} is not a unit type`;
  const stem = name.slice(0, dot);
  if (!NAME_CHARACTERS.test(stem)) {
    return `${printable(name)} holds a character systemd does not allow in a unit name (only letters, digits and :-_.\\@)`;
  }
  const at = stem.indexOf('@');
  if (at === 0) return `${printable(name)} starts with @`;
  if (at < 0) return { name, kind: 'plain', type: suffix, prefix: stem };
  return { name, kind: at === stem.length - 1 ? 'template' : 'instance', type: suffix, prefix: stem.slice(0, at) };
}

/** Why an instance string (the part between `@` and the suffix) is not valid, or undefined. */
export function instanceProblem(instance: string): string | undefined {
  if (instance.length === 0) return 'the instance is empty';
  if (!INSTANCE_CHARACTERS.test(instance)) {
    return 'an instance may hold only letters, digits and :-_.\\@ (systemd-escape turns other text into such a name)';
  }
  return undefined;
}

/** `foo@.service` + `bar` → `foo@bar.service`, checked again as a whole (the result may be too long). */
export function instantiate(template: UnitName, instance: string): UnitName | string {
  if (template.kind !== 'template') return `${template.name} is not a template`;
  const problem = instanceProblem(instance);
  if (problem) return problem;
  const result = parseUnitName(`${template.prefix}@${instance}.${template.type}`);
  if (typeof result !== 'string' && result.kind !== 'instance') return 'not an instance name';
  return result;
}

/** What a file on disk stands for: a unit file, or a drop-in of a unit. */
export interface UnitFileTarget {
  readonly unit: UnitName;
  /** The file is `<unit>.d/<name>.conf`: it extends the unit rather than defining it. */
  readonly dropIn: boolean;
}

/**
 * The unit a file path names: its own name for a unit file, the directory name for a drop-in (`foo.service.d/x.conf`).
 * Type-wide drop-ins (`service.d/`, `foo-.service.d/`) extend many units and name none.
 */
export function unitOfPath(path: string): UnitFileTarget | string {
  const parts = path.split('/').filter((part) => part.length > 0);
  const file = parts[parts.length - 1] ?? '';
  const directory = parts[parts.length - 2] ?? '';
  if (file.endsWith('.conf') && directory.endsWith('.d')) {
    const unit = parseUnitName(directory.slice(0, -2));
    if (typeof unit === 'string') return `the drop-in directory ${printable(directory)} names no single unit: ${unit}`;
    if (unit.prefix.endsWith('-')) return `${printable(directory)} holds drop-ins for every unit whose name starts so`;
    return { unit, dropIn: true };
  }
  const unit = parseUnitName(file);
  return typeof unit === 'string' ? unit : { unit, dropIn: false };
}
