import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  parseUnitFile,
  printUnitFile,
  topLevelNodes,
  type AssignmentNode,
  type EntryNode,
  type TextSpan,
  type UnitFileNode,
} from '../../../server/src/service/syntax';

const slice = (file: UnitFileNode, span: TextSpan) => file.text.slice(span.offset, span.offset + span.length);

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, `expected one item, got ${items.length}`);
  return items[0]!;
}

function entriesOf(text: string): EntryNode[] {
  const file = parseUnitFile(text);
  return [...file.preamble, ...file.sections.flatMap((s) => s.entries)];
}

function assignmentOf(text: string): AssignmentNode {
  const node = only(entriesOf(text).filter((e) => e.kind === 'assignment'));
  assert.equal(node.kind, 'assignment');
  return node as AssignmentNode;
}

/** The top-level nodes partition the text: no gap, no overlap, in order. */
function assertPartition(file: UnitFileNode): void {
  let expected = 0;
  for (const node of topLevelNodes(file)) {
    assert.equal(node.offset, expected, `node ${node.kind} starts at ${node.offset}, expected ${expected}`);
    assert.ok(node.length > 0, `empty ${node.kind} node at ${node.offset}`);
    expected = node.offset + node.length;
  }
  assert.equal(expected, file.text.length);
}

describe('parser: sections', () => {
  test('headers with the entries under them', () => {
    const file = parseUnitFile('[Unit]\nDescription=x\n\n[Service]\nExecStart=/bin/true\n');
    assert.deepEqual(
      file.sections.map((s) => [s.header.name, s.entries.map((e) => e.kind)]),
      [
        ['Unit', ['assignment', 'blank']],
        ['Service', ['assignment']],
      ],
    );
    assert.equal(file.preamble.length, 0);
  });

  test('whitespace around a header is allowed; inside the brackets it is part of the name', () => {
    const file = parseUnitFile('  [Service]  \n[ Unit ]\n');
    assert.deepEqual(
      file.sections.map((s) => [s.header.name, s.header.problem]),
      [
        ['Service', undefined],
        [' Unit ', undefined],
      ],
    );
    assert.equal(slice(file, file.sections[0]!.header.nameSpan), 'Service');
  });

  for (const [text, name] of [
    ['[Service\n', 'Service'],
    ['[Service] # note\n', 'Service] # note'],
    ['[\n', ''],
  ] as const) {
    test(`unterminated header ${JSON.stringify(text)}`, () => {
      const header = only(parseUnitFile(text).sections).header;
      assert.equal(header.problem, 'unterminated');
      assert.equal(header.name, name);
    });
  }

  for (const text of ['[Ser"vice]', "[Ser'vice]", '[Ser\\\\vice]', '[Ser\tvice]', '[Ser\x7fvice]']) {
    test(`bad characters in ${JSON.stringify(text)}`, () => {
      assert.equal(only(parseUnitFile(text).sections).header.problem, 'bad-characters');
    });
  }

  test('an empty name is a header, not an error', () => {
    const header = only(parseUnitFile('[]\n').sections).header;
    assert.equal(header.name, '');
    assert.equal(header.problem, undefined);
  });

  test('a section may repeat', () => {
    assert.deepEqual(
      parseUnitFile('[Service]\nA=1\n[Service]\nB=2\n').sections.map((s) => s.header.name),
      ['Service', 'Service'],
    );
  });
});

describe('parser: long runs of blanks', () => {
  test('a line of half a million spaces is blank, and the next line still a header (found by the fuzzer: slow)', () => {
    const file = parseUnitFile(`${' '.repeat(500_000)}\n\t[Unit]\nA =${'\t'.repeat(100_000)}x\n`);
    assert.deepEqual(
      file.preamble.map((node) => node.kind),
      ['blank'],
    );
    assert.equal(only(file.sections).header.name, 'Unit');
    assert.equal(assignmentOf(file.text.slice(500_001)).value, 'x');
  });
});

describe('parser: assignments', () => {
  test('key and value with whitespace trimmed, spans in the document', () => {
    const text = '[Service]\n  ExecStart  =  /bin/echo  hi  \n';
    const node = assignmentOf(text);
    const file = parseUnitFile(text);
    assert.equal(node.key, 'ExecStart');
    assert.equal(node.value, '/bin/echo  hi');
    assert.equal(slice(file, node.keySpan), 'ExecStart');
    assert.equal(slice(file, node.valueSpan), '/bin/echo  hi');
    assert.equal(file.text[node.equalsOffset], '=');
  });

  test('only the first = splits key from value', () => {
    const node = assignmentOf('[Service]\nEnvironment=A=1 B=2\n');
    assert.equal(node.key, 'Environment');
    assert.equal(node.value, 'A=1 B=2');
  });

  test('an empty assignment resets: empty value, empty span right after =', () => {
    const text = '[Service]\nExecStart=\n';
    const node = assignmentOf(text);
    assert.equal(node.value, '');
    assert.deepEqual(node.valueSpan, { offset: text.indexOf('=') + 1, length: 0 });
  });

  test('keys are case-sensitive and kept as written; X- keys are ordinary assignments', () => {
    assert.equal(assignmentOf('[Service]\nexecstart=/bin/true\n').key, 'execstart');
    assert.equal(assignmentOf('[X-Mine]\nX-Thing=1\n').key, 'X-Thing');
  });

  test('a vertical tab is not whitespace to systemd', () => {
    assert.equal(assignmentOf('[Service]\n\x0bExecStart=/bin/true\n').key, '\x0bExecStart');
  });

  test('# and ; inside a value are not comments', () => {
    assert.equal(assignmentOf('[Unit]\nDescription=a # b ; c\n').value, 'a # b ; c');
  });

  test('a line without = and a line with nothing before = are error nodes', () => {
    const entries = entriesOf('[Service]\njunk line\n  =value\n');
    assert.deepEqual(
      entries.map((e) => (e.kind === 'error' ? e.problem : e.kind)),
      ['missing-equals', 'missing-key'],
    );
  });

  test('assignments before any section are kept in the preamble', () => {
    const file = parseUnitFile('Foo=bar\n[Unit]\n');
    assert.equal(only(file.preamble).kind, 'assignment');
  });
});

describe('parser: comments and blank lines', () => {
  test('# and ; at the start, after whitespace too', () => {
    const entries = entriesOf('[Unit]\n# one\n; two\n   # three\n\t;four\n\n   \n');
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['comment', 'comment', 'comment', 'comment', 'blank', 'blank'],
    );
  });

  test('a comment ending in a backslash does not continue', () => {
    const entries = entriesOf('[Service]\n# note \\\nExecStart=/bin/true\n');
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['comment', 'assignment'],
    );
  });
});

describe('parser: continuations', () => {
  test('a trailing backslash joins lines, read as a space', () => {
    const text = '[Service]\nExecStart=/bin/echo a \\\n  b\n';
    const node = assignmentOf(text);
    assert.equal(node.value, '/bin/echo a    b');
    assert.equal(node.lineCount, 2);
    assert.equal(slice(parseUnitFile(text), node.valueSpan), '/bin/echo a \\\n  b');
  });

  test('comment lines inside a continuation are skipped and kept', () => {
    const node = assignmentOf('[Service]\nExecStart=/bin/echo a \\\n# note\n ; other\n  b\n');
    assert.equal(node.value, '/bin/echo a    b');
    assert.equal(node.innerComments.length, 2);
    assert.equal(node.lineCount, 4);
  });

  test('an empty line ends a continuation', () => {
    const entries = entriesOf('[Service]\nExecStart=/bin/echo a \\\n\n b\n');
    assert.deepEqual(
      entries.map((e) => (e.kind === 'error' ? e.problem : e.kind)),
      ['assignment', 'missing-equals'],
    );
  });

  test('an escaped backslash at the end does not continue', () => {
    const entries = entriesOf('[Service]\nExecStart=/bin/echo \\\\\nBar\n');
    assert.deepEqual(
      entries.map((e) => (e.kind === 'error' ? e.problem : e.kind)),
      ['assignment', 'missing-equals'],
    );
  });

  test('a continuation can swallow what looks like a header', () => {
    const file = parseUnitFile('[Unit]\nDescription=a\\\n[Service]\nExecStart=/bin/true\n');
    assert.deepEqual(
      file.sections.map((s) => s.header.name),
      ['Unit'],
    );
    assert.equal(assignmentOf('[Unit]\nDescription=a\\\n[Service]\n').value, 'a [Service]');
  });

  test('a key can be split by a continuation, as systemd reads it', () => {
    assert.equal(assignmentOf('[Service]\nExec\\\nStart=/bin/true\n').key, 'Exec Start');
  });

  test('a continuation at the end of the file is read, and marked', () => {
    const node = assignmentOf('[Service]\nExecStart=/bin/true \\');
    assert.equal(node.value, '/bin/true');
    assert.equal(node.continuedAtEndOfFile, true);
    const withComment = assignmentOf('[Service]\nExecStart=/bin/true \\\n# trailing comment\n');
    assert.equal(withComment.continuedAtEndOfFile, true);
    assert.equal(withComment.innerComments.length, 1);
  });
});

describe('parser: encodings and line ends', () => {
  test('CRLF line ends', () => {
    const file = parseUnitFile('[Service]\r\nExecStart=/bin/echo a \\\r\n  b\r\n');
    assert.equal(only(file.sections).entries.length, 1);
    assert.equal(assignmentOf('[Service]\r\nExecStart=/bin/echo a \\\r\n  b\r\n').value, '/bin/echo a    b');
  });

  test('a lone CR, LF CR and NUL end lines too, as systemd reads them', () => {
    assert.equal(entriesOf('[Service]\rA=1\rB=2\n').length, 2);
    assert.equal(entriesOf('[Service]\nA=1\n\rB=2\n').length, 2);
    assert.equal(entriesOf('[Service]\nA=1\0B=2\n').length, 2);
  });

  test('a BOM is skipped once, on the first line that has one', () => {
    const file = parseUnitFile('\ufeff[Service]\nA=1\n');
    assert.equal(file.bomOffset, 0);
    assert.equal(only(file.sections).header.name, 'Service');
    const twice = parseUnitFile('\ufeff\ufeff[Service]\n');
    assert.equal(twice.sections.length, 0);
    assert.equal(twice.preamble[0]!.kind, 'error');
    const later = parseUnitFile('[Service]\n\ufeffExecStart=/bin/true\n');
    assert.equal(later.bomOffset, 10);
    assert.equal(assignmentOf('[Service]\n\ufeffExecStart=/bin/true\n').key, 'ExecStart');
  });

  test('no final newline', () => {
    const node = assignmentOf('[Service]\nExecStart=/bin/true');
    assert.equal(node.value, '/bin/true');
  });

  test('an empty file', () => {
    const file = parseUnitFile('');
    assert.equal(file.sections.length + file.preamble.length, 0);
    assert.equal(printUnitFile(file), '');
  });

  test('lines longer than systemd reads are recorded, in bytes', () => {
    const long = 'Description=' + 'a'.repeat(1024 * 1024);
    assert.equal(parseUnitFile(`[Unit]\n${long}\n`).overlongLines.length, 1);
    const justFits = 'Description=' + 'é'.repeat((1024 * 1024 - 12) / 2);
    assert.equal(parseUnitFile(`[Unit]\n${justFits}\n`).overlongLines.length, 0);
    assert.equal(parseUnitFile(`[Unit]\n${justFits}é\n`).overlongLines.length, 1);
    const joined = `Description=${'a'.repeat(600_000)} \\\n${'b'.repeat(600_000)}\n`;
    assert.equal(parseUnitFile(`[Unit]\n${joined}`).overlongLines.length, 1);
  });
});

describe('parser: lossless', () => {
  const samples = [
    '',
    '\n',
    '[Unit]',
    '[Unit]\nDescription=x\n\n# c\n[Service]\nExecStart=/bin/echo a \\\n# in\n  b \\',
    '\ufeff[Service]\r\nA=1\r\n\r\n',
    'junk\n=x\n[X\n[Y]\nA\\\n\\\n',
    '\0\0[\r\r\n\n\r]',
  ];
  for (const sample of samples) {
    test(`print(parse(${JSON.stringify(sample)})) is the input`, () => {
      const file = parseUnitFile(sample);
      assert.equal(printUnitFile(file), sample);
      assertPartition(file);
    });
  }

  const unitish = fc.string({
    unit: fc.constantFrom(
      '[',
      ']',
      '=',
      '\\',
      '#',
      ';',
      ' ',
      '\t',
      '\n',
      '\r',
      '\0',
      '\ufeff',
      'A',
      'x',
      'X-',
      'é',
      '𝄞',
      '"',
    ),
    maxLength: 200,
  });

  test('property: print(parse(x)) === x and the nodes partition x, for unit-like text', () => {
    fc.assert(
      fc.property(unitish, (text) => {
        const file = parseUnitFile(text);
        assert.equal(printUnitFile(file), text);
        assertPartition(file);
      }),
      { numRuns: 3000 },
    );
  });

  test('property: arbitrary text never throws and spans stay inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const file = parseUnitFile(text);
        assert.equal(printUnitFile(file), text);
        for (const node of topLevelNodes(file)) {
          const spans: TextSpan[] =
            node.kind === 'assignment'
              ? [node.keySpan, node.valueSpan]
              : node.kind === 'header'
                ? [node.nameSpan, node.contentSpan]
                : node.kind === 'error'
                  ? [node.contentSpan]
                  : [];
          for (const span of spans) {
            assert.ok(span.offset >= node.offset && span.offset + span.length <= node.offset + node.length);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('property: key and value of a simple assignment survive the round trip', () => {
    const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,15}$/);
    const value = fc.stringMatching(/^[^\n\r\0\\]{0,30}$/);
    fc.assert(
      fc.property(word, value, (key, raw) => {
        const node = assignmentOf(`[Service]\n${key}=${raw}\n`);
        assert.equal(node.key, key);
        assert.equal(node.value, raw.replace(/^[ \t]+|[ \t]+$/g, ''));
      }),
    );
  });
});
