import { isUnitType, type UnitType } from './catalog/unitTypes';

/** What a file is, judged from its name the way systemd finds it on disk. */
export interface UnitFileKind {
  /** Undefined when the name does not tell (an untitled buffer, `unit.conf` outside a `.d` directory). */
  readonly unitType: UnitType | undefined;
  /** A drop-in (`foo.service.d/override.conf`, `service.d/10-x.conf`): it adds to a unit rather than defining one. */
  readonly dropIn: boolean;
  /** The file name, or for a drop-in the name of the unit (or unit-type prefix) it extends. */
  readonly unitName: string | undefined;
  /** A unit for the per-user manager: its path runs through a `systemd/user` directory. */
  readonly userUnit: boolean;
}

const USER_UNIT_DIRECTORY = /[\\/]systemd[\\/]user[\\/]/;

/** `systemctl edit` writes to `.#NAME` followed by 16 hex digits; see the name it stands for. */
const EDIT_TEMP_FILE = /^\.#(.+?)[0-9a-f]{16}$/;

function baseNames(uriOrPath: string): { file: string; directory: string } {
  let path = uriOrPath;
  // A backslash is an ordinary character in a Linux file name (`mnt-a\x2db.mount`); it separates only in a Windows
  // path, one that starts with a drive letter or has no forward slash at all.
  const windows = /^[a-zA-Z]:[\\/]/.test(path) || (path.includes('\\') && !path.includes('/'));
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(path);
  if (scheme && !windows) {
    path = path.slice(scheme[0].length).replace(/[?#].*$/, '');
    try {
      path = decodeURIComponent(path);
    } catch {
      // A malformed escape: use the name as it is.
    }
  }
  const parts = path.split(windows ? /[\\/]+/ : /\/+/).filter((part) => part.length > 0);
  return { file: parts[parts.length - 1] ?? '', directory: parts[parts.length - 2] ?? '' };
}

function typeOfName(name: string): UnitType | undefined {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return name.length > 0 && isUnitType(name) ? name : undefined;
  const suffix = name.slice(dot + 1);
  return isUnitType(suffix) ? suffix : undefined;
}

/** Classifies a document by its URI or path. */
export function unitFileKindOf(uriOrPath: string): UnitFileKind {
  let kind = KINDS.get(uriOrPath);
  if (kind) return kind;
  kind = classify(uriOrPath);
  // The workspace index asks about the same names again and again; the cache is dropped whole when it grows large.
  if (KINDS.size >= MAX_KINDS) KINDS.clear();
  KINDS.set(uriOrPath, kind);
  return kind;
}

const KINDS = new Map<string, UnitFileKind>();
const MAX_KINDS = 50_000;

function classify(uriOrPath: string): UnitFileKind {
  const names = baseNames(uriOrPath);
  const userUnit = USER_UNIT_DIRECTORY.test(uriOrPath);
  const file = EDIT_TEMP_FILE.exec(names.file)?.[1] ?? names.file;
  if (file.endsWith('.conf') && names.directory.endsWith('.d')) {
    const unitName = names.directory.slice(0, -2);
    return { unitType: typeOfName(unitName), dropIn: true, unitName, userUnit };
  }
  const dot = file.lastIndexOf('.');
  const unitType = dot > 0 ? typeOfName(file) : undefined;
  return { unitType, dropIn: false, unitName: unitType ? file : undefined, userUnit };
}
