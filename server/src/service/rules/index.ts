import { assignmentOutsideSection } from './assignmentOutsideSection';
import { continuationAtEndOfFile } from './continuationAtEndOfFile';
import { invalidSectionHeader } from './invalidSectionHeader';
import { invalidUtf8 } from './invalidUtf8';
import { lineTooLong } from './lineTooLong';
import { missingEquals, missingKey } from './malformedLine';
import type { Rule } from './rule';
import { unknownSection } from './unknownSection';

export type { Rule, RuleContext, SeverityName } from './rule';

/** Every rule, in the order their findings are reported for the same place. */
export const RULES: readonly Rule[] = [
  lineTooLong,
  invalidSectionHeader,
  unknownSection,
  assignmentOutsideSection,
  missingEquals,
  missingKey,
  continuationAtEndOfFile,
  invalidUtf8,
];
