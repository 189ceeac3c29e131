import { isValidInstance } from './values/specifiers';
import type { SeverityName } from './rules';

export type SeveritySetting = SeverityName | 'off';

/** The settings the service reads: `systemdUnits.*` in package.json, with the same names and defaults. */
export interface Settings {
  readonly systemdVersion: number | 'latest';
  /**
   * The machine's unit directories the workspace index reads (besides the workspace folders), highest precedence
   * first; `~` is the home directory; those that do not exist are skipped.
   */
  readonly unitSearchPaths: readonly string[];
  readonly diagnostics: {
    readonly enable: boolean;
    readonly delay: number;
    readonly maxNumberOfProblems: number;
    readonly severity: Readonly<Record<string, SeveritySetting>>;
  };
  readonly templates: {
    /** The instance name a template (`foo@.service`) is shown with in hovers and previews. */
    readonly previewInstance: string;
  };
  readonly format: {
    readonly blankLineBetweenSections: boolean;
  };
}

/**
 * systemd's unit directories for the system and for the per-user manager, each manager's in its order of precedence
 * (the two lists are interleaved; only the order within each matters).
 */
export const DEFAULT_UNIT_SEARCH_PATHS: readonly string[] = [
  '/etc/systemd/system',
  '~/.config/systemd/user',
  '/run/systemd/system',
  '/etc/systemd/user',
  '/usr/local/lib/systemd/system',
  '/run/systemd/user',
  '/lib/systemd/system',
  '~/.local/share/systemd/user',
  '/usr/lib/systemd/system',
  '/usr/local/lib/systemd/user',
  '/usr/lib/systemd/user',
];

export const DEFAULT_SETTINGS: Settings = {
  systemdVersion: 'latest',
  unitSearchPaths: DEFAULT_UNIT_SEARCH_PATHS,
  diagnostics: { enable: true, delay: 200, maxNumberOfProblems: 1000, severity: {} },
  templates: { previewInstance: 'example' },
  format: { blankLineBetweenSections: false },
};

const SEVERITY_SETTINGS: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberIn(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

/** Reads a version the way users write it: `252`, `"252"`, `"v252"` or `"latest"`. */
export function parseSystemdVersion(value: unknown): number | 'latest' | undefined {
  if (value === undefined || value === null || value === 'latest') return 'latest';
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/^v/i, '') : '';
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const version = Number(text);
  return version >= 1 ? version : undefined;
}

/**
 * Builds settings from whatever the client sent (`systemdUnits` object from workspace/configuration, or
 * initializationOptions). A value of the wrong type falls back to its default instead of failing.
 */
export function sanitizeSettings(raw: unknown): Settings {
  const root = isRecord(raw) ? raw : {};
  const diagnostics = isRecord(root['diagnostics']) ? root['diagnostics'] : {};
  const severity: Record<string, SeveritySetting> = {};
  if (isRecord(diagnostics['severity'])) {
    for (const [code, level] of Object.entries(diagnostics['severity'])) {
      if (typeof level === 'string' && SEVERITY_SETTINGS.includes(level)) severity[code] = level as SeveritySetting;
    }
  }
  const defaults = DEFAULT_SETTINGS.diagnostics;
  const templates = isRecord(root['templates']) ? root['templates'] : {};
  const instance = templates['previewInstance'];
  const searchPaths = root['unitSearchPaths'];
  const format = isRecord(root['format']) ? root['format'] : {};
  return {
    systemdVersion: parseSystemdVersion(root['systemdVersion']) ?? DEFAULT_SETTINGS.systemdVersion,
    unitSearchPaths:
      Array.isArray(searchPaths) && searchPaths.every((path) => typeof path === 'string')
        ? searchPaths.filter((path: string) => path.trim().length > 0)
        : DEFAULT_SETTINGS.unitSearchPaths,
    diagnostics: {
      enable: typeof diagnostics['enable'] === 'boolean' ? diagnostics['enable'] : defaults.enable,
      delay: numberIn(diagnostics['delay'], 0, 5000, defaults.delay),
      maxNumberOfProblems: Math.floor(
        numberIn(diagnostics['maxNumberOfProblems'], 1, 1_000_000, defaults.maxNumberOfProblems),
      ),
      severity,
    },
    templates: {
      previewInstance:
        typeof instance === 'string' && isValidInstance(instance)
          ? instance
          : DEFAULT_SETTINGS.templates.previewInstance,
    },
    format: {
      blankLineBetweenSections:
        typeof format['blankLineBetweenSections'] === 'boolean'
          ? format['blankLineBetweenSections']
          : DEFAULT_SETTINGS.format.blankLineBetweenSections,
    },
  };
}
