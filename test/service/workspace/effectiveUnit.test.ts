// "Show Effective Unit" for a unit of the workspace: its own drop-ins and the ones installed on this machine, merged
// in systemd's order; diagnostics of the workspace unit stay independent of the machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderEffectiveUnit } from '../../../server/src/service/workspace/effectiveUnit';
import { effectiveUnitOf, mergedUnitOf } from '../../../server/src/service/workspace/mergedUnit';
import { fileUri } from '../../../server/src/service/workspace/uris';
import type { IndexRoot } from '../../../server/src/service/workspace/fileSystem';
import { describeDiagnostic } from '../../helpers';
import { ETC, openAt, rootsOf, serviceOver, SYSTEM, WORKSPACE, type MemoryEntry } from './memoryWorkspace';

const USER_ETC = '/etc/systemd/user';

/** The workspace, the system manager's /etc and /usr/lib, and the user manager's /etc/systemd/user. */
function machineRoots(): IndexRoot[] {
  return [...rootsOf([WORKSPACE], [ETC, SYSTEM]), { uri: fileUri(USER_ETC), origin: 'system', user: true }];
}

const WORKSPACE_FILES: Record<string, MemoryEntry> = {
  [`${WORKSPACE}/app-web.service`]: '[Unit]\nDescription=App\n\n[Service]\nExecStart=/bin/app\n',
  [`${WORKSPACE}/app-web.service.d/20-workspace.conf`]: '[Service]\nNice=1\n',
  [`${WORKSPACE}/app-web.service.d/50-same-name.conf`]: '[Service]\nNice=2\n',
};

const MACHINE_FILES: Record<string, MemoryEntry> = {
  [`${ETC}/app-web.service.d/10-etc.conf`]: '[Service]\nEnvironment=A=1\n',
  // Hidden: the workspace's file of the same name is met first.
  [`${ETC}/app-web.service.d/50-same-name.conf`]: '[Service]\nNice=99\n',
  [`${ETC}/app-.service.d/30-prefix.conf`]: '[Service]\nEnvironment=B=2\n',
  [`${SYSTEM}/service.d/00-type.conf`]: '[Service]\nTimeoutStopSec=5\n',
  // A mask in /etc hides the /usr/lib drop-in of the same name.
  [`${ETC}/app-web.service.d/60-masked.conf`]: { link: '/dev/null' },
  [`${SYSTEM}/app-web.service.d/60-masked.conf`]: '[Service]\nNice=7\n',
  // The user manager's: never for a unit of the system manager.
  [`${USER_ETC}/app-web.service.d/40-user.conf`]: '[Service]\nNice=3\n',
  [`${SYSTEM}/other.service`]: '[Service]\nExecStart=/bin/other\n',
  [`${ETC}/other.service.d/10-etc.conf`]: '[Service]\nNice=4\n',
};

test('a workspace unit meets the machine drop-ins of its manager, in lexical order, the workspace winning a name', async () => {
  const { service } = await serviceOver({ ...WORKSPACE_FILES, ...MACHINE_FILES }, { roots: machineRoots() });
  const merged = effectiveUnitOf(service.index, fileUri(`${WORKSPACE}/app-web.service`));
  assert.ok(merged);
  const effective = renderEffectiveUnit(merged);
  assert.deepEqual(
    effective.sources.map((source) => `${source.label} ${source.origin}`),
    [
      '/ws/app-web.service workspace',
      '/usr/lib/systemd/system/service.d/00-type.conf machine',
      '/etc/systemd/system/app-web.service.d/10-etc.conf machine',
      '/ws/app-web.service.d/20-workspace.conf workspace',
      '/etc/systemd/system/app-.service.d/30-prefix.conf machine',
      '/ws/app-web.service.d/50-same-name.conf workspace',
    ],
  );
  assert.equal(
    effective.text,
    [
      '# app-web.service as systemd reads it: 5 drop-ins merged into the unit file, in the order they apply.',
      '# Files marked (this machine) are installed here, not in the workspace: systemd adds them',
      '# once the unit is installed for its manager on this machine.',
      '# [1] /ws/app-web.service',
      '# [2] /usr/lib/systemd/system/service.d/00-type.conf (this machine)',
      '# [3] /etc/systemd/system/app-web.service.d/10-etc.conf (this machine)',
      '# [4] /ws/app-web.service.d/20-workspace.conf',
      '# [5] /etc/systemd/system/app-.service.d/30-prefix.conf (this machine)',
      '# [6] /ws/app-web.service.d/50-same-name.conf',
      '',
      '[Unit]',
      '# from [1] /ws/app-web.service',
      'Description=App',
      '',
      '[Service]',
      '# from [1] /ws/app-web.service',
      'ExecStart=/bin/app',
      '# from [2] /usr/lib/systemd/system/service.d/00-type.conf (this machine)',
      'TimeoutStopSec=5',
      '# from [3] /etc/systemd/system/app-web.service.d/10-etc.conf (this machine)',
      'Environment=A=1',
      '# from [5] /etc/systemd/system/app-.service.d/30-prefix.conf (this machine)',
      'Environment=B=2',
      '# from [6] /ws/app-web.service.d/50-same-name.conf',
      'Nice=2',
      '',
    ].join('\n'),
  );

  // From a drop-in of the workspace unit: the same merge.
  const fromDropIn = effectiveUnitOf(service.index, fileUri(`${WORKSPACE}/app-web.service.d/20-workspace.conf`));
  assert.deepEqual(
    fromDropIn?.parts.map((part) => part.file.uri),
    merged.parts.map((part) => part.file.uri),
  );
  // The merge diagnostics read: the workspace's drop-ins only.
  assert.deepEqual(
    mergedUnitOf(service.index, fileUri(`${WORKSPACE}/app-web.service`))?.parts.map((part) => part.file.fileName),
    ['app-web.service', '20-workspace.conf', '50-same-name.conf'],
  );
});

test('a unit of the machine alone carries no mark; a workspace unit without machine drop-ins reads as before', async () => {
  const { service } = await serviceOver({ ...WORKSPACE_FILES, ...MACHINE_FILES }, { roots: machineRoots() });
  const machine = renderEffectiveUnit(effectiveUnitOf(service.index, fileUri(`${SYSTEM}/other.service`))!);
  assert.deepEqual(
    machine.sources.map((source) => source.origin),
    ['machine', 'machine', 'machine'],
  );
  assert.ok(!machine.text.includes('(this machine)'), machine.text);

  const { service: workspaceOnly } = await serviceOver(WORKSPACE_FILES, { roots: rootsOf([WORKSPACE], []) });
  const alone = renderEffectiveUnit(effectiveUnitOf(workspaceOnly.index, fileUri(`${WORKSPACE}/app-web.service`))!);
  assert.deepEqual(
    alone.sources.map((source) => source.label),
    ['/ws/app-web.service', '/ws/app-web.service.d/20-workspace.conf', '/ws/app-web.service.d/50-same-name.conf'],
  );
  assert.ok(!alone.text.includes('(this machine)'));
});

test('a workspace unit of the user manager meets the user manager drop-ins only', async () => {
  const unit = `${WORKSPACE}/deploy/systemd/user/sync.service`;
  const { service } = await serviceOver(
    {
      [unit]: '[Service]\nExecStart=/bin/sync\n',
      [`${USER_ETC}/sync.service.d/10-user.conf`]: '[Service]\nNice=3\n',
      [`${ETC}/sync.service.d/10-system.conf`]: '[Service]\nNice=4\n',
      [`${SYSTEM}/service.d/00-system-type.conf`]: '[Service]\nTimeoutStopSec=5\n',
    },
    { roots: machineRoots() },
  );
  const merged = effectiveUnitOf(service.index, fileUri(unit));
  assert.deepEqual(
    merged?.parts.map((part) => part.file.uri),
    [fileUri(unit), fileUri(`${USER_ETC}/sync.service.d/10-user.conf`)],
  );
});

test("diagnostics of a workspace unit do not change with the machine's drop-ins", async () => {
  // Without ExecStart=: a machine drop-in that supplies one must not silence missing-exec-start, and one that
  // breaks the unit must not add a problem.
  const text = '[Unit]\nDescription=Job\n\n[Service]\nType=simple\n';
  const files = { [`${WORKSPACE}/job.service`]: text };
  const machine: Record<string, MemoryEntry> = {
    [`${ETC}/job.service.d/10-exec.conf`]: '[Service]\nExecStart=/bin/job\n',
    [`${ETC}/service.d/20-oneshot.conf`]: '[Service]\nType=oneshot\nRestart=always\n',
  };
  const validate = async (entries: Record<string, MemoryEntry>) => {
    const { service } = await serviceOver(entries, { roots: machineRoots() });
    return service.doValidation(openAt(`${WORKSPACE}/job.service`, text)).map(describeDiagnostic);
  };
  const without = await validate(files);
  assert.deepEqual(without, ['4:2-4:9 missing-exec-start']);
  assert.deepEqual(await validate({ ...files, ...machine }), without);

  // Show Effective Unit still shows what the machine would add.
  const { service } = await serviceOver({ ...files, ...machine }, { roots: machineRoots() });
  const shown = service.getEffectiveUnit(fileUri(`${WORKSPACE}/job.service`));
  assert.ok(shown?.text.includes('ExecStart=/bin/job\n'), shown?.text);
  assert.ok(shown?.text.includes('Type=oneshot\n'), shown?.text);
});
