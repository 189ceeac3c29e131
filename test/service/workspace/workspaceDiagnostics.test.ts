import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getLanguageService } from '../../../server/src/service/languageService';
import { describeDiagnostic, documentOf } from '../../helpers';
import { openAt, rootsOf, serviceOver, SYSTEM, WORKSPACE } from './memoryWorkspace';

const codesOf = (diagnostics: readonly { code?: unknown }[]) => diagnostics.map((d) => String(d.code));

test('unit-not-found: a unit in no workspace folder, no unit directory and not special; never without an index', async () => {
  const text = [
    '[Unit]',
    'Wants=web.service metrics.service getty@tty1.service network-online.target dev-sda1.device',
    'Requires=%n-helper.service',
    'After=ordering-only.service',
    '[Install]',
    'WantedBy=app.target',
    'Alias=other.service',
    '',
  ].join('\n');
  const files = {
    [`${WORKSPACE}/web.service`]: '[Service]\nExecStart=/bin/web\n',
    [`${SYSTEM}/getty@.service`]: '[Service]\nExecStart=/sbin/agetty\n',
    [`${WORKSPACE}/main.service-helper.service`]: '[Service]\nExecStart=/bin/x\n',
  };
  const { service } = await serviceOver(files);
  const document = openAt(`${WORKSPACE}/main.service`, `${text}[Service]\nExecStart=/bin/main\n`);
  const found = service.doValidation(document).filter((d) => d.code === 'unit-not-found');
  assert.deepEqual(found.map(describeDiagnostic), ['2:19-2:34 unit-not-found', '6:10-6:20 unit-not-found']);
  assert.match(String(found[0]!.message), /metrics\.service/);
  assert.equal(found[0]!.severity, 3);

  // No index: the CLI and the bare service never say so.
  assert.ok(!codesOf(getLanguageService().doValidation(documentOf(text))).includes('unit-not-found'));
  // An index of the workspace only (the browser): the machine is unknown, so nothing is concluded.
  const { service: workspaceOnly } = await serviceOver(files, { roots: rootsOf([WORKSPACE], []) });
  assert.ok(!codesOf(workspaceOnly.doValidation(document)).includes('unit-not-found'));
  // A name the host sees on the machine (its unit name list) counts as found.
  const { service: withNames } = await serviceOver(files, {
    host: { unitNames: () => ['metrics.service', 'app.target'] },
  });
  assert.ok(!codesOf(withNames.doValidation(document)).includes('unit-not-found'));
});

test('dependency-cycle: After=/Before= loops within the index, reported on each step in the file', async () => {
  const a = '[Unit]\nAfter=b.service\nBefore=d.service\n[Service]\nExecStart=/bin/a\n';
  const { service } = await serviceOver({
    [`${WORKSPACE}/a.service`]: a,
    [`${WORKSPACE}/b.service`]: '[Unit]\nAfter=c.service\n[Service]\nExecStart=/bin/b\n',
    [`${WORKSPACE}/c.service`]: '[Service]\nExecStart=/bin/c\n',
    [`${WORKSPACE}/d.service`]: '[Service]\nExecStart=/bin/d\n',
    [`${WORKSPACE}/d.service.d/order.conf`]: '[Unit]\nBefore=c.service\n',
    [`${WORKSPACE}/e.service`]: '[Unit]\nAfter=a.service\n[Service]\nExecStart=/bin/e\n',
  });
  const cycles = (path: string, text: string) =>
    service
      .doValidation(openAt(path, text))
      .filter((d) => d.code === 'dependency-cycle')
      .map((d) => `${describeDiagnostic(d)} ${/Ordering cycle: ([^(]*) \(/.exec(String(d.message))?.[1]}`);
  assert.deepEqual(cycles(`${WORKSPACE}/a.service`, a), [
    '2:7-2:16 dependency-cycle a.service → b.service → c.service → d.service → a.service',
    '3:8-3:17 dependency-cycle a.service → b.service → c.service → d.service → a.service',
  ]);
  // The Before= of a drop-in is a step of the unit it extends.
  assert.deepEqual(cycles(`${WORKSPACE}/d.service.d/order.conf`, '[Unit]\nBefore=c.service\n'), [
    '2:8-2:17 dependency-cycle d.service → a.service → b.service → c.service → d.service',
  ]);
  assert.deepEqual(cycles(`${WORKSPACE}/e.service`, '[Unit]\nAfter=a.service\n[Service]\nExecStart=/bin/e\n'), []);
  assert.deepEqual(cycles(`${WORKSPACE}/c.service`, '[Service]\nExecStart=/bin/c\n'), [], 'no step written in c');
  // Breaking the loop in the editor's text, unsaved, clears it.
  assert.deepEqual(cycles(`${WORKSPACE}/a.service`, '[Unit]\nAfter=b.service\n[Service]\nExecStart=/bin/a\n'), []);
});

test('whole-unit rules read the unit merged with its drop-ins; a lone drop-in stays silent', async () => {
  const { service } = await serviceOver({
    [`${WORKSPACE}/web.service`]: '[Unit]\nDescription=Web\n[Service]\nType=simple\n',
    [`${WORKSPACE}/web.service.d/exec.conf`]: '[Service]\nExecStart=/bin/web\n',
    [`${WORKSPACE}/api.service`]: '[Service]\nExecStart=/bin/api\n',
    [`${WORKSPACE}/api.service.d/10-clear.conf`]: '[Service]\nExecStart=\n',
    [`${WORKSPACE}/api.service.d/20-more.conf`]: '[Service]\nNice=5\n',
    [`${WORKSPACE}/job.service`]: '[Service]\nExecStart=/bin/job\n',
    [`${WORKSPACE}/job.service.d/twice.conf`]: '[Service]\nExecStart=/bin/job --again\n',
    [`${WORKSPACE}/nightly.timer`]: '[Timer]\nPersistent=true\n[Install]\nWantedBy=timers.target\n',
    [`${WORKSPACE}/nightly.timer.d/when.conf`]: '[Timer]\nOnCalendar=daily\n',
  });
  const validate = (path: string, text: string) => service.doValidation(openAt(path, text));
  const read = (path: string) => validate(path, service.index.fileAt(`file://${path}`)!.text);

  // ExecStart= comes from the drop-in: no missing-exec-start on the unit, none on the drop-in.
  assert.deepEqual(codesOf(read(`${WORKSPACE}/web.service`)), []);
  assert.deepEqual(codesOf(read(`${WORKSPACE}/web.service.d/exec.conf`)), []);
  // A drop-in that clears ExecStart=: the unit, and every drop-in of it, say the merged unit has nothing to run.
  const api = read(`${WORKSPACE}/api.service`);
  assert.deepEqual(api.map(describeDiagnostic), ['1:2-1:9 missing-exec-start']);
  assert.match(String(api[0]!.message), /merged from api\.service, 10-clear\.conf, 20-more\.conf/);
  assert.deepEqual(read(`${WORKSPACE}/api.service.d/20-more.conf`).map(describeDiagnostic), [
    '1:2-1:9 missing-exec-start',
  ]);
  // A second ExecStart= from a drop-in: reported on the drop-in's line, not guessed by exec-start-without-reset.
  assert.deepEqual(read(`${WORKSPACE}/job.service.d/twice.conf`).map(describeDiagnostic), [
    '2:1-2:10 multiple-exec-start',
  ]);
  assert.deepEqual(codesOf(read(`${WORKSPACE}/job.service`)), []);
  // A timer whose OnCalendar= is in a drop-in fires.
  assert.deepEqual(codesOf(read(`${WORKSPACE}/nightly.timer`)), []);
  // Unsaved edits of the drop-in count.
  assert.deepEqual(codesOf(validate(`${WORKSPACE}/nightly.timer.d/when.conf`, '[Timer]\nAccuracySec=1h\n')), [
    'timer-without-trigger',
  ]);
  // A drop-in whose unit is not in the index keeps the per-file checks only.
  assert.deepEqual(codesOf(validate(`${WORKSPACE}/lone.service.d/x.conf`, '[Service]\nExecStart=/bin/x\n')), [
    'exec-start-without-reset',
  ]);
  assert.deepEqual(codesOf(validate(`${WORKSPACE}/service.d/x.conf`, '[Service]\nNice=1\n')), []);
});
