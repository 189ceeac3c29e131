import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HiddenLine } from '../../client/src/commands/terminalInput';

test('a typed password goes to the program on Enter and nothing of it is echoed', () => {
  const line = new HiddenLine();
  assert.deepEqual(line.feed('s3cr'), []);
  assert.deepEqual(line.feed('et\r'), [{ kind: 'send', text: 's3cret\n' }, { kind: 'newline' }]);
  assert.deepEqual(line.feed('\r'), [{ kind: 'send', text: '\n' }, { kind: 'newline' }]);
});

test('Backspace, Ctrl+C, Ctrl+D and escape sequences', () => {
  const line = new HiddenLine();
  assert.deepEqual(line.feed('abcd\x7f\x7fx\r'), [{ kind: 'send', text: 'abx\n' }, { kind: 'newline' }]);
  assert.deepEqual(line.feed('pw\x03'), [{ kind: 'interrupt' }]);
  assert.deepEqual(line.feed('\r'), [{ kind: 'send', text: '\n' }, { kind: 'newline' }], 'Ctrl+C forgets the line');
  assert.deepEqual(line.feed('\x04'), [{ kind: 'end' }]);
  assert.deepEqual(line.feed('a\x1b[A\x1b[1;5Cb\x1bOPc\r'), [{ kind: 'send', text: 'abc\n' }, { kind: 'newline' }]);
  assert.deepEqual(line.feed('ü😀\x7f\r'), [{ kind: 'send', text: 'ü\n' }, { kind: 'newline' }]);
  line.feed('left over');
  line.clear();
  assert.deepEqual(line.feed('\r'), [{ kind: 'send', text: '\n' }, { kind: 'newline' }]);
});
