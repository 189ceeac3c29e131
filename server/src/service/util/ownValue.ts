/**
 * `table[key]` for a key read from a unit file: only the table's own entries count, so a word such as `constructor`,
 * `valueOf` or `__proto__` finds nothing instead of what every object inherits.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
