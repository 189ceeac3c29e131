import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FILE_CODES } from '../../server/src/service/features/diagnostics';
import { RULES } from '../../server/src/service/rules';
import { ROOT } from '../helpers';

test('docs/rules.md documents every diagnostic code, and no other', () => {
  const documented = [
    ...readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8').matchAll(/^### ([a-z0-9-]+)$/gm),
  ].map((match) => match[1]!);
  const codes = [
    ...RULES.flatMap((rule) => [rule.code, ...(rule.extraCodes ?? []).map((extra) => extra.code)]),
    ...FILE_CODES.map((c) => c.code),
  ];
  assert.deepEqual([...new Set(documented)].sort(), [...new Set(codes)].sort());
});
