/** The unit types whose files a user writes by hand, and the sections systemd reads in each. */
export const UNIT_TYPES = [
  'service',
  'socket',
  'timer',
  'path',
  'mount',
  'automount',
  'swap',
  'target',
  'slice',
  'scope',
  'device',
] as const;

export type UnitType = (typeof UNIT_TYPES)[number];

/** The section named after each type; target and device units have none of their own. */
const OWN_SECTION: Record<UnitType, string | undefined> = {
  service: 'Service',
  socket: 'Socket',
  timer: 'Timer',
  path: 'Path',
  mount: 'Mount',
  automount: 'Automount',
  swap: 'Swap',
  target: undefined,
  slice: 'Slice',
  scope: 'Scope',
  device: undefined,
};

/** Every section systemd reads in some unit file. */
export const ALL_SECTIONS: readonly string[] = [
  'Unit',
  ...UNIT_TYPES.map((type) => OWN_SECTION[type]).filter((s): s is string => s !== undefined),
  'Install',
];

/** The sections systemd reads in a file of this type (the `sections` list of its unit vtable). */
export function sectionsOf(type: UnitType): readonly string[] {
  const own = OWN_SECTION[type];
  return own ? ['Unit', own, 'Install'] : ['Unit', 'Install'];
}

/** The unit type whose own section this is (`Timer` → `timer`), if any. */
export function unitTypeOfSection(section: string): UnitType | undefined {
  return UNIT_TYPES.find((type) => OWN_SECTION[type] === section);
}

export function isUnitType(word: string): word is UnitType {
  return (UNIT_TYPES as readonly string[]).includes(word);
}
