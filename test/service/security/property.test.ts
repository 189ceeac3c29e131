import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { hardeningChange } from '../../../server/src/service/features/harden';
import { applyChanges } from '../../../server/src/service/features/codeActions';
import { ASSESSED_SERVICE_SETTINGS, assessService } from '../../../server/src/service/security';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { parseUnitFile } from '../../../server/src/service/syntax';
import { unitFileKindOf } from '../../../server/src/service/unitFileKind';

/** Lines of the assessed settings with arbitrary values, mixed with other lines and section headers. */
const line = fc.oneof(
  fc.tuple(fc.constantFrom(...ASSESSED_SERVICE_SETTINGS), fc.string({ maxLength: 40 })).map(([k, v]) => `${k}=${v}`),
  fc
    .tuple(
      fc.constantFrom(...ASSESSED_SERVICE_SETTINGS),
      fc.array(fc.constantFrom('~', 'yes', 'no', 'AF_UNIX', '@clock', 'CAP_KILL', '%i', '"', '\\', ':EPERM', ' '), {
        maxLength: 6,
      }),
    )
    .map(([k, parts]) => `${k}=${parts.join('')}`),
  fc.constantFrom('[Service]', '[Unit]', '[Install]', '[Service', 'DefaultDependencies=no', '', '# c', 'x\\'),
  fc.string({ maxLength: 30 }),
);
const unit = fc.array(line, { maxLength: 25 }).map((lines) => `[Service]\n${lines.join('\n')}\n`);
const name = fc.constantFrom('a.service', 'tmpl@.service', 'tmpl@x.service', 'nobody.service', 'root.service');

test('assessing any service never throws and stays within systemd’s ranges', () => {
  fc.assert(
    fc.property(unit, fc.array(unit, { maxLength: 2 }), name, (text, dropIns, unitName) => {
      const report = assessService({ unitName, files: [text, ...dropIns].map((t) => parseUnitFile(t)) });
      assert.ok(report.exposure >= 0 && report.exposure <= 100);
      assert.equal(report.checks.length, 81);
      for (const result of report.checks) {
        if (result.badness !== undefined) assert.ok(result.badness >= 0 && result.badness <= result.check.range);
        assert.ok(result.description.length > 0);
      }
    }),
    { numRuns: 1500 },
  );
});

test('hardening any service never throws, and the hardened file never scores higher', () => {
  fc.assert(
    fc.property(unit, name, (text, unitName) => {
      const file = parseUnitFile(text);
      const kind = unitFileKindOf(`/units/${unitName}`);
      const change = hardeningChange(file, kind, DEFAULT_SETTINGS, []);
      if (!change) return;
      const hardened = applyChanges(text, [change]);
      const before = assessService({ unitName, files: [file] }).exposure;
      const after = assessService({ unitName, files: [parseUnitFile(hardened)] }).exposure;
      assert.ok(after <= before, `${before} → ${after}\n${hardened}`);
    }),
    { numRuns: 700 },
  );
});
