import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService } from '../../../server/src/service/languageService';
import { sanitizeSettings, type Settings } from '../../../server/src/service/settings';
import { documentOf, UNIT_LEVEL_CODES } from '../../helpers';

export const service = getLanguageService();

export function diagnosticsOf(text: string, name = 'test.service', settings = sanitizeSettings({})): Diagnostic[] {
  return service.doValidation(documentOf(text, name), settings).filter((d) => !UNIT_LEVEL_CODES.has(String(d.code)));
}

/** Every diagnostic, unit-level ones included, as `line:code:severity`. */
export function allCodes(text: string, name = 'test.service', settings = sanitizeSettings({})): string[] {
  return service
    .doValidation(documentOf(text, name), settings)
    .map((d) => `${d.range.start.line + 1}:${String(d.code)}:${d.severity}`);
}

export function codes(text: string, name?: string, settings?: Settings): string[] {
  return diagnosticsOf(text, name, settings).map((d) => `${d.range.start.line + 1}:${String(d.code)}:${d.severity}`);
}

/** Applies the preferred quick fix of the first diagnostic with `code`; returns the new text. */
export function applyFix(text: string, code: string, name = 'test.service', settings = sanitizeSettings({})): string {
  const document = documentOf(text, name);
  const diagnostic = service.doValidation(document, settings).find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} in ${JSON.stringify(text)}`);
  const actions = service.getCodeActions(document, diagnostic.range, undefined, settings);
  const fix = actions.find((action: CodeAction) => action.isPreferred && action.diagnostics?.[0]?.code === code);
  assert.ok(fix, `no preferred fix for ${code}: ${actions.map((a) => a.title).join(', ')}`);
  return TextDocument.applyEdits(document, fix.edit!.changes![document.uri]!);
}

/** The fix removes its diagnostic and adds none (unit-level findings included). */
export function checkFix(
  text: string,
  code: string,
  expected: string,
  name = 'test.service',
  settings?: Settings,
): void {
  const fixed = applyFix(text, code, name, settings);
  assert.equal(fixed, expected);
  const others = allCodes(text, name, settings).filter((c) => !c.includes(`:${code}:`));
  const after = allCodes(fixed, name, settings);
  assert.ok(!after.some((c) => c.includes(`:${code}:`)), `${code} still there: ${after.join(' ')}`);
  assert.ok(
    after.length <= others.length,
    `new problems after the fix: ${after.join(' ')} (before: ${others.join(' ')})`,
  );
}
