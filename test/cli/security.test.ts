import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cliWorkspace } from './workspace';

const { work, write, run } = cliWorkspace('systemd-units-cli-security-');

const bare = write('units/bare.service', '[Service]\nExecStart=/usr/bin/true\n');
const tight = write(
  'units/tight.service',
  '[Service]\nExecStart=/usr/bin/true\nDynamicUser=yes\nPrivateNetwork=yes\nPrivateDevices=yes\n',
);
write('units/tight.service.d/10-more.conf', '[Service]\nProtectHome=yes\nSystemCallArchitectures=native\n');
write('units/web.socket', '[Socket]\nListenStream=80\n');

interface JsonService {
  file: string;
  dropIns: string[];
  unit: string;
  exposure: number;
  label: string;
  openChecks: number;
  checks: { id: string; state: string; badness: number | null; weight: number; exposure: number; fix: string | null }[];
}

describe('systemd-units security', () => {
  test('text: a table of checks and the overall line, exit 0', () => {
    const result = run('security', 'units/bare.service');
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(lines[0]!, /^ {2}NAME +EXPOSURE DESCRIPTION$/);
    assert.match(lines[1]!, /^✗ PrivateNetwork= +0\.5 Uses the host’s network$/);
    assert.ok(lines.some((line) => /^✓ KeyringMode= +Has a kernel keyring of its own$/.test(line)));
    assert.ok(lines.some((line) => /^ {2}RemoveIPC= +Runs as root, where the setting does nothing$/.test(line)));
    assert.match(
      result.stdout,
      /\n→ Overall exposure level for bare\.service: 9\.6 UNSAFE \(75 of 81 checks open\)\n$/,
    );
  });

  test('json: every figure, drop-ins beside the unit applied', () => {
    const result = run('security', '--format', 'json', bare, tight);
    assert.equal(result.status, 0, result.stderr);
    const services = JSON.parse(result.stdout) as JsonService[];
    assert.equal(services.length, 2);
    const [first, second] = services;
    assert.equal(first!.unit, 'bare.service');
    assert.equal(first!.exposure, 9.6);
    assert.equal(first!.label, 'UNSAFE');
    assert.equal(first!.checks.length, 81);
    const network = first!.checks.find((check) => check.id === 'PrivateNetwork=');
    assert.deepEqual(network, {
      id: 'PrivateNetwork=',
      jsonField: 'PrivateNetwork',
      state: 'fail',
      badness: 1,
      weight: 2500,
      range: 1,
      exposure: 0.5,
      description: 'Uses the host’s network',
      fix: 'PrivateNetwork=yes',
    });
    assert.equal(first!.checks.find((check) => check.id === 'RemoveIPC=')?.badness, null);
    assert.deepEqual(second!.dropIns, [path.join(work, 'units', 'tight.service.d', '10-more.conf')]);
    assert.equal(second!.checks.find((check) => check.id === 'ProtectHome=')?.state, 'pass');
    assert.ok(second!.exposure < first!.exposure);
  });

  test('a directory: every service in it, and an overview table', () => {
    const result = run('security', 'units');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\nUNIT +EXPOSURE PREDICATE FILE\nbare\.service +9\.6 UNSAFE +units\/bare\.service\n/);
    assert.match(result.stdout, /\ntight\.service +\d\.\d [A-Z]+ +units\/tight\.service\n$/);
  });

  test('--threshold: exit 1 when a service scores above it (in tenths), 0 at or below', () => {
    assert.equal(run('security', '--threshold', '50', bare).status, 1);
    assert.equal(run('security', '--threshold=96', bare).status, 0);
    assert.equal(run('security', bare).status, 0);
  });

  test('exit 2: not a service, a missing file, bad usage', () => {
    const socket = run('security', 'units/web.socket');
    assert.equal(socket.status, 2);
    assert.match(socket.stderr, /web\.socket: not a service unit/);
    const missing = run('security', 'units/missing.service');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.service: no such file or directory/);
    assert.equal(run('security').status, 2);
    assert.equal(run('security', '--format', 'sarif', bare).status, 2);
    assert.equal(run('security', '--threshold', '101', bare).status, 2);
  });
});
