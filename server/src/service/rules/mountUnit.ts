import * as l10n from '@vscode/l10n';
import type { AssignmentNode } from '../syntax';
import { valueAccepted } from './invalidValue';
import type { Fix, Rule, RuleContext } from './rule';
import { assignmentsOf, unitLevelAnchor } from './unitFacts';

/**
 * The checks systemd makes on a mount or automount unit before it loads it (mount_verify, automount_verify in
 * systemd 252): the mount point in Where= must be the one the file name stands for, a mount needs What=, and the
 * kernel's own file systems (/proc, /sys, /dev, /run…) cannot be mount units. Each failure makes systemd refuse the
 * unit. Drop-ins are not checked: the unit they extend may set what is missing.
 */

/** Mount points systemd sets up itself (the mount table of systemd 252's mount-setup.c that it refuses). */
const API_FILE_SYSTEMS = new Set([
  '/proc',
  '/sys',
  '/dev',
  '/run',
  '/dev/shm',
  '/dev/pts',
  '/run/lock',
  '/sys/kernel/security',
  '/sys/fs/cgroup',
  '/sys/fs/bpf',
]);

function hasSpecifiers(value: string): boolean {
  return /%[^%]/.test(value.replace(/%%/g, ''));
}

/** The assignment systemd ends up with: the last one it takes, unless an empty one resets it afterwards. */
function effectiveAssignment(context: RuleContext, section: string, key: string): AssignmentNode | undefined {
  let current: AssignmentNode | undefined;
  for (const node of assignmentsOf(context, section, key)) {
    if (node.value === '') current = undefined;
    else if (valueAccepted(context, section, node)) current = node;
  }
  return current;
}

/** path_simplify(): no empty or `.` components, no trailing slash. */
function simplifyPath(path: string): string {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  return '/' + parts.join('/');
}

const UNESCAPED = /^[A-Za-z0-9:_.]$/;

/** Unit names are shorter than this; a longer expected name is not compared. */
const UNIT_NAME_MAX = 256;

const ENCODER = new TextEncoder();

function escapeChar(c: string): string {
  return [...ENCODER.encode(c)].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');
}

/**
 * The unit name systemd expects for a mount point, as `systemd-escape --path --suffix=TYPE` prints it. With `limit`,
 * escaping stops once the name is longer than that (a caller that only compares short names need not escape a long
 * path whole).
 */
export function unitNameOfPath(path: string, type: string, limit = Infinity): string {
  const simple = simplifyPath(path);
  if (simple === '/') return `-.${type}`;
  let escaped = '';
  const chars = [...simple.slice(1)];
  for (let index = 0; index < chars.length && escaped.length <= limit; index++) {
    const c = chars[index]!;
    if (c === '/') escaped += '-';
    else if (index === 0 && c === '.') escaped += escapeChar(c);
    else escaped += UNESCAPED.test(c) ? c : escapeChar(c);
  }
  return `${escaped}.${type}`;
}

/** The mount point a unit name stands for (`systemd-escape --unescape --path`), or undefined if it is not one. */
export function pathOfUnitName(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  if (stem === '-') return '/';
  const bytes: number[] = [];
  for (let i = 0; i < stem.length; i++) {
    const c = stem[i]!;
    if (c === '-') bytes.push(0x2f);
    else if (c === '\\') {
      const hex = /^x([0-9a-fA-F]{2})/.exec(stem.slice(i + 1));
      if (!hex) return undefined;
      bytes.push(parseInt(hex[1]!, 16));
      i += 3;
    } else bytes.push(...new TextEncoder().encode(c));
  }
  try {
    const path = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    return '/' + path.replace(/^\/+/, '');
  } catch {
    return undefined;
  }
}

export const mountUnit: Rule = {
  code: 'mount-where-mismatch',
  severity: 'error',
  title: 'A mount or automount unit whose Where= is not the path its file name stands for',
  extraCodes: [
    { code: 'mount-missing-what', severity: 'error', title: 'A mount unit without What=' },
    {
      code: 'mount-api-filesystem',
      severity: 'error',
      title: 'A mount unit for a file system systemd mounts itself, such as /proc or /run',
    },
  ],
  check(context: RuleContext) {
    const { kind, report } = context;
    if ((kind.unitType !== 'mount' && kind.unitType !== 'automount') || kind.dropIn) return;
    const unitName = kind.unitName;
    if (unitName === undefined || unitName.includes('@')) return;
    const section = kind.unitType === 'mount' ? 'Mount' : 'Automount';
    const anchor = unitLevelAnchor(context, section);
    const at = anchor ? anchor.nameSpan : { offset: 0, length: 0 };

    const where = effectiveAssignment(context, section, 'Where');
    let mountPoint = pathOfUnitName(unitName);
    if (where && !hasSpecifiers(where.value)) {
      mountPoint = simplifyPath(where.value.replace(/%%/g, '%'));
      const expected = unitNameOfPath(mountPoint, kind.unitType, UNIT_NAME_MAX);
      if (expected.length < UNIT_NAME_MAX && unitName !== expected) {
        const fromName = pathOfUnitName(unitName);
        const fixes: Fix[] =
          fromName !== undefined && where.lineCount === 1
            ? [
                {
                  title: l10n.t('Set Where= to {0}, the path of the file name', fromName),
                  changes: [{ ...where.valueSpan, newText: fromName }],
                },
              ]
            : [];
        report(
          where.valueSpan,
          l10n.t(
            'Where={0} does not match the file name: this unit must be named {1}, and systemd refuses to load it as {2}. Rename the file or change Where=.',
            where.value,
            expected,
            unitName,
          ),
          { fixes },
        );
      }
    } else if (where) {
      mountPoint = undefined;
    }

    if (kind.unitType !== 'mount') return;
    if (mountPoint !== undefined && (API_FILE_SYSTEMS.has(mountPoint) || mountPoint.startsWith('/sys/fs/cgroup/'))) {
      report(
        where ? where.valueSpan : at,
        l10n.t('systemd mounts {0} itself and refuses a mount unit for it.', mountPoint),
        { code: 'mount-api-filesystem' },
      );
    }
    // The root file system (-.mount) is always there and may go without What=.
    if (unitName !== '-.mount' && !effectiveAssignment(context, 'Mount', 'What')) {
      report(
        at,
        l10n.t('This mount unit has no What= (the device or file system to mount), so systemd refuses to load it.'),
        { code: 'mount-missing-what' },
      );
    }
  },
};
