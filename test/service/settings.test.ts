import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, parseSystemdVersion, sanitizeSettings } from '../../server/src/service/settings';
import { ROOT } from '../helpers';

test('settings of the wrong type fall back to defaults', () => {
  for (const raw of [undefined, null, 42, 'x', [], { diagnostics: 'yes' }]) {
    assert.deepEqual(sanitizeSettings(raw), DEFAULT_SETTINGS);
  }
  const odd = sanitizeSettings({
    systemdVersion: 'banana',
    diagnostics: { enable: 'no', delay: -5, maxNumberOfProblems: Infinity, severity: { a: 'loud', b: 'hint' } },
  });
  assert.deepEqual(odd, {
    ...DEFAULT_SETTINGS,
    diagnostics: { ...DEFAULT_SETTINGS.diagnostics, severity: { b: 'hint' } },
  });
});

test('systemd versions as users write them', () => {
  assert.equal(parseSystemdVersion(252), 252);
  assert.equal(parseSystemdVersion('252'), 252);
  assert.equal(parseSystemdVersion('v255'), 255);
  assert.equal(parseSystemdVersion('latest'), 'latest');
  assert.equal(parseSystemdVersion(undefined), 'latest');
  assert.equal(parseSystemdVersion('2.5'), undefined);
  assert.equal(parseSystemdVersion(0), undefined);
});

/** Flattens the settings the server reads into `systemdUnits.a.b` keys with their defaults. */
function flatten(value: object, prefix: string, into: Record<string, unknown>): Record<string, unknown> {
  for (const [key, child] of Object.entries(value)) {
    const name = `${prefix}.${key}`;
    if (child && typeof child === 'object' && !Array.isArray(child) && key !== 'severity') flatten(child, name, into);
    else into[name] = child;
  }
  return into;
}

test('package.json contributes exactly the settings the server reads, with the same defaults', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const properties: Record<string, { default: unknown; markdownDescription?: string }> =
    pkg.contributes.configuration.properties;
  const contributed = Object.fromEntries(
    Object.entries(properties)
      // Read by the client (the language client library, the systemctl and systemd-analyze commands), not the server.
      .filter(([name]) => !/^systemdUnits\.(trace\.server|systemctl\.|systemdAnalyze\.)/.test(name))
      .map(([name, schema]) => [name, schema.default]),
  );
  assert.deepEqual(contributed, flatten(DEFAULT_SETTINGS, 'systemdUnits', {}));
  for (const [name, schema] of Object.entries(properties)) {
    assert.ok(schema.markdownDescription, `${name} needs a markdownDescription`);
  }
});
