/**
 * Checkers for plain strings with specifiers, Documentation= URLs and path conditions, as systemd 252 reads them
 * (config_parse_unit_string_printf, config_parse_documentation, config_parse_unit_condition_path). Everything here is
 * a line or a word systemd logs and ignores, so all findings are warnings.
 */
import { MAX_FINDINGS_PER_VALUE, type ValueChecker, type ValueFinding } from './checker';
import { expandSpecifiers, unitNameParts } from './specifiers';
import { checkSpecifiers } from './structuredKinds';
import { eachWord, unbalancedQuote } from './structured-words';

function warning(code: string, message: string, offset: number, length: number): ValueFinding {
  return { code, severity: 'warning', message, offset, length };
}

/** Unknown specifiers, which make systemd ignore the whole line. */
function unknownSpecifiers(value: string): ValueFinding[] {
  return checkSpecifiers(value, { severity: 'warning' })
    .filter((f) => f.code === 'unknown-specifier')
    .map((f) => ({
      ...f,
      message: `\`${value.substr(f.offset, 2)}\` is not a specifier systemd knows, so it ignores this line. Write \`%%\` for a literal percent sign.`,
    }));
}

function hasSpecifiers(value: string): boolean {
  return /%[^%]/.test(value.replace(/%%/g, ''));
}

/** Strings whose specifiers systemd expands (checked with systemd 252); the mount What= is one too. */
const PRINTF_STRINGS = new Set(['config_parse_unit_string_printf', 'config_parse_mount_node']);

export const checkPrintfString: ValueChecker = (value, context) =>
  PRINTF_STRINGS.has(context.directive.parser) ? unknownSpecifiers(value) : [];

// ---------------------------------------------------------------------------------------------------------------
// Documentation= (documentation_url_is_valid)

function asciiOnly(text: string): boolean {
  return [...text].every((c) => c.charCodeAt(0) < 0x80);
}

/** http(s)://, file:/, info: and man: URLs with something after the scheme, in ASCII. */
export function documentationUrlValid(url: string): boolean {
  for (const prefix of ['http://', 'https://', 'file:/', 'info:', 'man:']) {
    if (url.startsWith(prefix)) {
      const rest = url.slice(prefix.length);
      return rest.length > 0 && asciiOnly(rest);
    }
  }
  return false;
}

export const checkDocumentation: ValueChecker = (value, context) => {
  const unit = { parts: context.unitName ? unitNameParts(context.unitName) : undefined, userUnit: !!context.userUnit };
  if (value === '') return [];
  const specifiers = unknownSpecifiers(value);
  if (specifiers.length > 0) return specifiers;
  const options = { unquote: true, cunescape: false, retainEscape: true };
  const unbalanced = unbalancedQuote(value, options);
  if (unbalanced) {
    return [
      warning(
        'unbalanced-quotes',
        'This quote is never closed, so systemd ignores the whole line. Close it.',
        unbalanced.offset,
        unbalanced.length,
      ),
    ];
  }
  const findings: ValueFinding[] = [];
  for (const word of eachWord(value, options)) {
    if (findings.length >= MAX_FINDINGS_PER_VALUE) break;
    if (documentationUrlValid(word.text)) continue;
    // systemd expands specifiers before it checks the URL: judge what they become, when the file name tells.
    let expandedNote = '';
    if (word.text.includes('%')) {
      const expanded = expandSpecifiers(word.text, unit);
      if (expanded.kept.size > 0 || documentationUrlValid(expanded.text)) continue;
      expandedNote = ` (\`${expanded.text}\` once its specifiers are expanded)`;
    }
    findings.push(
      warning(
        'invalid-url',
        `\`${word.text}\`${expandedNote} is not a documentation URL systemd takes; it ignores it. Use http://, https://, file:/, man: or info: (ASCII only), such as man:foo(8).`,
        word.offset,
        word.length,
      ),
    );
  }
  return findings;
};

// ---------------------------------------------------------------------------------------------------------------
// Path conditions: ConditionPathExists= and the like (config_parse_unit_condition_path)

export const checkConditionPath: ValueChecker = (value, context) => {
  if (value === '') return [];
  // An optional `|` (trigger), then an optional `!` (negation), with nothing between them and the path.
  let start = 0;
  if (value[start] === '|') start++;
  if (value[start] === '!') start++;
  const path = value.slice(start);
  const specifiers = unknownSpecifiers(path);
  if (specifiers.length > 0) return specifiers.map((f) => ({ ...f, offset: f.offset + start }));
  if (hasSpecifiers(path)) return [];
  const resolved = path.replace(/%%/g, '%');
  const name = context.directive.name;
  const span = [start, value.length - start] as const;
  if (!resolved.startsWith('/')) {
    const hint = /^[|!]?\s/.test(path)
      ? ' Write the prefix right before the path, with no space, and `|` before `!`.'
      : /^[|]/.test(path)
        ? ' Write `|` before `!`.'
        : '';
    return [
      warning(
        'relative-path',
        `${name}= needs an absolute path (starting with \`/\`): systemd ignores this condition.${hint}`,
        ...span,
      ),
    ];
  }
  if (resolved.split('/').includes('..')) {
    return [
      warning(
        'unnormalized-path',
        'A path with `..` is not accepted: systemd ignores this condition. Write the path without it.',
        ...span,
      ),
    ];
  }
  return [];
};
