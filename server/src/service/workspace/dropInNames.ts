import { isUnitType } from '../catalog/unitTypes';
import { instanceOf, templateOf, unitTypeOfName } from './references';

/**
 * The names of the `.d` directories that hold drop-ins for a unit, in the order systemd searches one unit directory
 * (unit_file_find_dirs() in src/shared/dropin.c): the name itself, its template, then each shorter `-` prefix
 * (`foo-bar-baz.service` → `foo-bar-.service`, `foo-.service`), each with its own template. The type-level
 * directory (`service.d`) is not included: systemd searches it last, after every unit directory.
 */
export function dropInDirectoryNames(unitName: string): string[] {
  const found: string[] = [];
  const visit = (name: string): void => {
    found.push(`${name}.d`);
    const template = templateOf(name);
    if (template) visit(template);
    const type = unitTypeOfName(name);
    if (!type) return;
    let prefix = prefixOf(name);
    let chopped = false;
    for (;;) {
      const dash = prefix.lastIndexOf('-');
      if (dash <= 0) return;
      if (dash + 1 < prefix.length || chopped) {
        prefix = prefix.slice(0, dash + 1);
        break;
      }
      // A trailing dash: drop it and look again, once.
      prefix = prefix.slice(0, dash);
      chopped = true;
    }
    const instance = template ? instanceOf(name) : undefined;
    visit(instance !== undefined ? `${prefix}@${instance}.${type}` : `${prefix}.${type}`);
  };
  visit(unitName);
  return [...new Set(found)];
}

/** The part of a unit name before `@` or before its type suffix. */
function prefixOf(name: string): string {
  const at = name.indexOf('@');
  if (at > 0) return name.slice(0, at);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The type-level drop-in directory (`service.d`) for a unit name. */
export function typeDropInDirectoryName(unitName: string): string | undefined {
  const type = unitTypeOfName(unitName);
  return type ? `${type}.d` : undefined;
}

/**
 * Whether a drop-in directory name (without `.d`) applies to exactly one unit, so that unit can be merged: not a
 * type-level (`service`) or prefix (`foo-.service`) directory, which apply to many.
 */
export function isSingleUnitDropIn(extended: string): boolean {
  if (isUnitType(extended)) return false;
  const dot = extended.lastIndexOf('.');
  const stem = dot > 0 ? extended.slice(0, dot) : extended;
  return !stem.endsWith('-') && !stem.includes('-@');
}
