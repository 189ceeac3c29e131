import type { Directive } from '../catalog';
import type { UnitType } from '../catalog/unitTypes';
import type { SeverityName } from '../rules/rule';

/** One problem in a value, located inside the value string. */
export interface ValueFinding {
  /** A stable kebab-case code, such as `invalid-boolean`. */
  readonly code: string;
  readonly severity: SeverityName;
  readonly message: string;
  /** Offset and length inside the value string the checker was given (0 and the value's length for all of it). */
  readonly offset: number;
  readonly length: number;
  /** A deterministic fix: replace the finding's text (offset, length) by `newText`. */
  readonly fix?: { readonly title: string; readonly newText: string };
}

/**
 * The most findings one value gets. A list of thousands of bad words (pasted junk, a runaway line) would otherwise
 * cost time and memory for squiggles nobody reads; the first ones say what is wrong.
 */
export const MAX_FINDINGS_PER_VALUE = 100;

/** What a checker knows about where the value stands. */
export interface ValueContext {
  readonly directive: Directive;
  /** The section the assignment is in, e.g. `Service`. */
  readonly section: string;
  /** The unit type of the file, when its name tells. */
  readonly unitType: UnitType | undefined;
  /** The file is a drop-in (`foo.service.d/override.conf`). */
  readonly dropIn: boolean;
  /** The unit's name when the file name tells (`foo@.service`; for a drop-in, the unit it extends). */
  readonly unitName?: string | undefined;
  /** A unit of a user manager. */
  readonly userUnit?: boolean;
  /** The systemd release the unit is checked for (settings); values newer than it are reported. */
  readonly systemdVersion?: number | 'latest';
}

/**
 * Checks one value as systemd's parser for the directive would read it. The value is what systemd sees: whitespace
 * around it removed, continuation lines joined. Empty values (resets) are passed too. Never throws.
 */
export type ValueChecker = (value: string, context: ValueContext) => ValueFinding[];

/** A diagnostic code a checker can report, for rule listings (SARIF, docs). */
export interface ValueCode {
  readonly code: string;
  readonly severity: SeverityName;
  readonly title: string;
}
