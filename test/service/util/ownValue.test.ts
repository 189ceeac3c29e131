import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getLanguageService } from '../../../server/src/service/languageService';
import { loadSandbox } from '../../../server/src/service/security';
import { ALL_NAMESPACES } from '../../../server/src/service/security/facts';
import { parseUnitFile } from '../../../server/src/service/syntax';
import { ownValue } from '../../../server/src/service/util/ownValue';
import { emptyStats, fuzzOne } from '../../fuzz/engine';
import { Random } from '../../fuzz/generate';
import { documentOf, withCursor } from '../../helpers';

/** Words every plain object answers to; in a unit file they are just words. */
const INHERITED = ['constructor', 'valueOf', 'toString', 'hasOwnProperty', '__proto__', '__defineGetter__'];

const service = getLanguageService();
const sandboxOf = (service: string) =>
  loadSandbox({ unitName: 'test.service', files: [parseUnitFile(`[Service]\nExecStart=/bin/true\n${service}\n`)] });
const codesOf = (text: string, name: string) =>
  service.doValidation(documentOf(text, name)).map((diagnostic) => String(diagnostic.code));

describe('words a plain object inherits are not table entries', () => {
  test('ownValue finds own entries only', () => {
    const table: Readonly<Record<string, number>> = { one: 1 };
    assert.equal(ownValue(table, 'one'), 1);
    for (const word of INHERITED) assert.equal(ownValue(table, word), undefined, word);
  });

  test('the security assessment ignores them as keys and values (the fuzz run once crashed on IPAddressDeny=valueOf)', () => {
    for (const word of INHERITED) {
      const sandbox = sandboxOf(
        `${word}=${word}\nIPAddressDeny=${word}\nIPAddressAllow=${word} 10.0.0.1\nRestrictNamespaces=${word}`,
      );
      assert.deepEqual(sandbox.loadErrors, [], word);
      assert.deepEqual(sandbox.ipAddressDeny, [], word);
      assert.equal(sandbox.ipAddressAllow.length, 1, word);
      // one unknown name and systemd ignores the whole line
      assert.equal(sandbox.allowedNamespaces, ALL_NAMESPACES, word);
    }
  });

  test('validation: not a calendar shorthand, not an obsolete output', () => {
    for (const word of INHERITED) {
      assert.ok(codesOf(`[Timer]\nOnCalendar=${word}\n`, 'test.timer').includes('invalid-calendar'), word);
      const output = codesOf(`[Service]\nExecStart=/bin/true\nStandardOutput=${word}\n`, 'test.service');
      assert.ok(!output.includes('obsolete-output'), `${word}: ${output.join(', ')}`);
    }
  });

  test('hover: no section docs, no boolean meaning', () => {
    for (const word of INHERITED) {
      for (const marked of [`[con|${word}]\n`, `[Service]\nPrivateTmp=${word}|\n`]) {
        const { text, offset } = withCursor(marked);
        const document = documentOf(text);
        assert.equal(service.doHover(document, document.positionAt(offset)), null, marked);
      }
    }
  });

  test('every feature keeps its invariants on them', () => {
    const stats = emptyStats();
    INHERITED.forEach((word, seed) => {
      const text = `[${word}]\n${word}=${word}\n[Service]\n${word}=${word}\nExecStart=/bin/${word} %${word}\nIPAddressDeny=${word}\nOnCalendar=${word}\n`;
      for (const name of ['app.service', 'app.timer', 'app.socket'])
        fuzzOne(service, stats, { uri: `file:///words/${name}`, text, source: 'words' }, new Random(seed + 1));
    });
    assert.deepEqual(
      stats.failures.map((failure) => `${failure.feature}: ${failure.message.split('\n')[0]}`),
      [],
    );
  });
});
