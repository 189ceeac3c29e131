import { activationTriggers } from './activationTriggers';
import { assignmentOutsideSection } from './assignmentOutsideSection';
import { continuationAtEndOfFile } from './continuationAtEndOfFile';
import { continuationSwallowsLine } from './continuationSwallowsLine';
import { dependencyOrdering } from './dependencyOrdering';
import { deprecatedDirective } from './deprecatedDirective';
import { directiveTooNew } from './directiveTooNew';
import { dropInExecStart } from './dropInExecStart';
import { installSection } from './installSection';
import { invalidValue } from './invalidValue';
import { invalidSectionHeader } from './invalidSectionHeader';
import { invalidUtf8 } from './invalidUtf8';
import { lineTooLong } from './lineTooLong';
import { missingEquals, missingKey } from './malformedLine';
import { misplacedDirective } from './misplacedDirective';
import { mountUnit } from './mountUnit';
import type { Rule } from './rule';
import { serviceCommands } from './serviceCommands';
import { unknownDirective } from './unknownDirective';
import { unknownSection } from './unknownSection';
import { unitNotFound } from './unitNotFound';
import { userUnitTarget } from './userUnitTarget';
import { dependencyCycle } from './dependencyCycle';

export type {
  Fix,
  OrderingCycleFact,
  Related,
  ReportOptions,
  Rule,
  RuleContext,
  SeverityName,
  TextChange,
  WorkspaceFacts,
} from './rule';

/** Every rule, in the order their findings are reported for the same place. */
export const RULES: readonly Rule[] = [
  lineTooLong,
  invalidSectionHeader,
  unknownSection,
  assignmentOutsideSection,
  missingEquals,
  missingKey,
  unknownDirective,
  misplacedDirective,
  deprecatedDirective,
  directiveTooNew,
  invalidValue,
  serviceCommands,
  activationTriggers,
  mountUnit,
  dropInExecStart,
  dependencyOrdering,
  installSection,
  userUnitTarget,
  unitNotFound,
  dependencyCycle,
  continuationSwallowsLine,
  continuationAtEndOfFile,
  invalidUtf8,
];
