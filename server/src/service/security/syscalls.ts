import data from './generated/syscallGroups.json';

/**
 * systemd's system call groups, reduced to the calls that exist on the architecture the data was generated on
 * (x86_64): calls of other architectures never count, neither when a filter is read nor when it is assessed.
 */
const GROUPS: Readonly<Record<string, readonly string[]>> = data.groups;

/** Where the group table comes from (systemd and libseccomp versions, architecture). */
export const SYSCALL_DATA_SOURCE: string = data.source;

export function isSyscallGroup(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(GROUPS, name);
}

const NATIVE: ReadonlySet<string> = new Set(
  Object.values(GROUPS)
    .flat()
    .filter((name) => !name.startsWith('@')),
);

/** A system call that systemd can resolve on this architecture and that belongs to some group. */
export function isKnownSyscall(name: string): boolean {
  return NATIVE.has(name);
}

const flattened = new Map<string, readonly string[]>();

/** Every system call of a group, nested groups expanded in place, in systemd's order (repeats kept out). */
export function syscallsOf(group: string): readonly string[] {
  const cached = flattened.get(group);
  if (cached) return cached;
  const seen = new Set<string>();
  const visit = (name: string, depth: number): void => {
    for (const member of GROUPS[name] ?? []) {
      if (member.startsWith('@')) {
        if (depth < 8) visit(member, depth + 1);
      } else seen.add(member);
    }
  };
  visit(group, 0);
  const list = [...seen];
  flattened.set(group, list);
  return list;
}
