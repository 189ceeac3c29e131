import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { applyChanges } from '../../../server/src/service/features/codeActions';
import { formatChanges, type FormatOptions } from '../../../server/src/service/features/formatting';
import { getLanguageService } from '../../../server/src/service/languageService';
import { parseUnitFile } from '../../../server/src/service/syntax';
import { readCorpus } from '../../fuzz/corpus';
import { unitFileText, unitishText } from '../../fuzz/generate';
import { meaningOf } from '../../fuzz/meaning';
import { documentOf, ROOT } from '../../helpers';

const service = getLanguageService();

function formatted(text: string, options: FormatOptions = {}): string {
  const document = documentOf(text);
  return TextDocument.applyEdits(document, service.format(document, options));
}

/**
 * Formats through the service, then checks what must hold for every input: the same meaning, and a second run
 * changes nothing. The formatter itself is checked the same way on texts the service would not analyse (NUL bytes).
 */
function checkFormatting(text: string, options: FormatOptions = {}): string {
  const once = formatted(text, options);
  assert.deepEqual(meaningOf(parseUnitFile(once)), meaningOf(parseUnitFile(text)), JSON.stringify(text));
  assert.deepEqual(service.format(documentOf(once), options), [], `not idempotent: ${JSON.stringify(text)}`);
  const direct = applyChanges(text, formatChanges(parseUnitFile(text), options));
  assert.deepEqual(meaningOf(parseUnitFile(direct)), meaningOf(parseUnitFile(text)), JSON.stringify(text));
  assert.deepEqual(formatChanges(parseUnitFile(direct), options), [], `not idempotent: ${JSON.stringify(text)}`);
  return once;
}

describe('formatting', () => {
  test('whitespace around keys, "=" and headers goes; values stay as written', () => {
    assert.equal(
      checkFormatting(
        '  [Unit]  \nDescription = My  app  \n\tAfter =\tnetwork.target\n[Service]\nExecStart= /bin/app\n',
      ),
      '[Unit]\nDescription=My  app\nAfter=network.target\n[Service]\nExecStart=/bin/app\n',
    );
  });

  test('a header is left with the spaces inside its brackets: systemd reads "[ Service ]" as another section', () => {
    assert.equal(checkFormatting('[ Service ] \nA=1\n'), '[ Service ]\nA=1\n');
  });

  test('comments keep their text and indentation; only trailing whitespace goes', () => {
    assert.equal(checkFormatting('  # note  \n[Unit]\n; other\t\nA=1\n'), '  # note\n[Unit]\n; other\nA=1\n');
  });

  test('a continued value keeps the spaces before each backslash and on the lines it continues on', () => {
    const text = '[Service]\nExecStart = /bin/app \\\n    --one   \\\n  # skipped  \n    --two   \n';
    assert.equal(checkFormatting(text), '[Service]\nExecStart=/bin/app \\\n    --one   \\\n  # skipped\n    --two\n');
  });

  test('trailing whitespace after an odd backslash stays: without it the line would continue', () => {
    assert.equal(
      checkFormatting('[Unit]\nDescription=a\\   \nAfter=b\\\\  \n'),
      '[Unit]\nDescription=a\\ \nAfter=b\\\\\n',
    );
  });

  test('a key split by a continuation is left as written', () => {
    const text = '[Unit]\nDescr\\\niption = x\n';
    assert.equal(checkFormatting(text), text);
  });

  test('line endings are kept, and the final one added in the same style', () => {
    assert.equal(checkFormatting('[Unit] \r\nA = 1\r\nB=2'), '[Unit]\r\nA=1\r\nB=2\r\n');
    assert.equal(checkFormatting('[Unit]\rA = 1'), '[Unit]\rA=1\r');
    assert.equal(checkFormatting('[Unit]\nA=1', { insertFinalNewline: false }), '[Unit]\nA=1');
    assert.equal(checkFormatting(''), '');
  });

  test('a last line of spaces is dropped, unless it ends a continuation', () => {
    assert.equal(checkFormatting('[Unit]\nA=1\n   '), '[Unit]\nA=1\n');
    assert.equal(checkFormatting('[Unit]\nA=1 \\\n   '), '[Unit]\nA=1 \\\n\n');
  });

  test('a byte-order mark stays in front', () => {
    assert.equal(checkFormatting('\ufeff  [Unit]\n A = 1\n'), '\ufeff[Unit]\nA=1\n');
  });

  test('blank lines between sections: exactly one, above the comments that lead into a header', () => {
    const options = { blankLineBetweenSections: true };
    assert.equal(
      checkFormatting('[Unit]\nA=1\n[Service]\nB=2\n\n\n\n# about install\n[Install]\nC=3\n', options),
      '[Unit]\nA=1\n\n[Service]\nB=2\n\n# about install\n[Install]\nC=3\n',
    );
    assert.equal(checkFormatting('[Unit]\r\n[Service]\r\n', options), '[Unit]\r\n\r\n[Service]\r\n');
    // Off by default: blank lines stay.
    assert.equal(checkFormatting('[Unit]\nA=1\n\n\n[Service]\n'), '[Unit]\nA=1\n\n\n[Service]\n');
  });

  test('trimFinalNewlines drops blank lines at the end', () => {
    assert.equal(checkFormatting('[Unit]\nA=1\n\n\n', { trimFinalNewlines: true }), '[Unit]\nA=1\n');
  });

  test('a file systemd refuses (broken header, overlong line) is not touched', () => {
    for (const text of ['[Unit\nA = 1 \n', `[Unit]\nA = ${'x'.repeat(1024 * 1024 + 1)}\n`, '[Unit]\nA = 1\0\n']) {
      assert.deepEqual(service.format(documentOf(text)), []);
    }
  });

  test('range formatting changes only the lines in the range', () => {
    const document = documentOf('[Unit]\nA = 1 \nB = 2 \nC = 3 \n');
    const range = { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } };
    const edits: TextEdit[] = service.format(document, {}, range);
    assert.equal(TextDocument.applyEdits(document, edits), '[Unit]\nA = 1 \nB=2\nC = 3 \n');
    const last = documentOf('[Unit]\nA = 1');
    const lastLine = { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } };
    assert.equal(TextDocument.applyEdits(last, service.format(last, {}, lastLine)), '[Unit]\nA=1\n');
  });

  test('one edit per changed line, keeping what is unchanged at both ends', () => {
    const document = documentOf('[Unit]\nDescription =  x  \n');
    assert.deepEqual(
      service.format(document).map((edit) => [edit.range.start, edit.range.end, edit.newText]),
      [[{ line: 1, character: 11 }, { line: 1, character: 18 }, '=x']],
    );
  });

  for (const [name, arbitrary] of [
    ['unit files from the grammar', unitFileText],
    ['text of brackets, "=", backslashes and line ends', unitishText],
  ] as const) {
    test(`property: formatting keeps the meaning and is idempotent (${name})`, () => {
      fc.assert(
        fc.property(arbitrary, fc.boolean(), fc.boolean(), (text, blankLineBetweenSections, trimFinalNewlines) => {
          checkFormatting(text, { blankLineBetweenSections, trimFinalNewlines });
        }),
        { numRuns: 1500 },
      );
    });
  }

  const corpus = readCorpus(ROOT);
  test('every corpus file formats to the same meaning, idempotently', { skip: 'skip' in corpus && corpus.skip }, () => {
    if (!('files' in corpus)) return;
    let changed = 0;
    for (const file of corpus.files) {
      for (const blankLineBetweenSections of [false, true]) {
        if (checkFormatting(file.text, { blankLineBetweenSections }) !== file.text) changed++;
      }
    }
    console.log(`# formatting changed ${changed} of ${corpus.files.length * 2} corpus formattings`);
  });
});
