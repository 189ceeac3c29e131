#!/usr/bin/env node
// npm run bench: how fast and how small systemd Units is. Run after `npm ci && npm run build` (and `npm run package`
// for the VSIX size). Prints a table, budgets as pass/fail, and a final JSON line with every figure. Budgets are
// reported, never asserted: tests must not fail because a machine is slow.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { setTimeout } from 'node:timers';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
if (!existsSync(join(root, 'out', 'server'))) {
  console.error('bench: run `npm run build && npx tsc -b` first.');
  process.exit(2);
}
// The CLI and the server are measured as they ship: minified, as `npm run package` builds them (dist/ may hold the
// development build, which is larger and slower to load).
const shipped = join(root, 'out', 'bench-dist');
const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production', '--outdir', shipped], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(2);
const cli = join(shipped, 'cli.js');
const serverBundle = join(shipped, 'server', 'node.js');
const figures = {};
const budgets = [];
const budget = (name, value, limit, unit, lowerIsBetter = true) =>
  budgets.push({ name, value, limit, unit, pass: lowerIsBetter ? value <= limit : value >= limit });
const round = (x, digits = 2) => Number(x.toFixed(digits));
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

// --- inputs ---------------------------------------------------------------------------------------------------------
const systemDir = ['/lib/systemd/system', '/usr/lib/systemd/system'].find((d) => existsSync(d));
const systemFiles = systemDir
  ? readdirSync(systemDir)
      .filter((name) => /\.(service|socket|timer)$/.test(name))
      .map((name) => join(systemDir, name))
      .filter((file) => statSync(file).isFile() && !readlinkSafe(file))
  : [];
function readlinkSafe(file) {
  try {
    return spawnSync('test', ['-L', file]).status === 0;
  } catch {
    return false;
  }
}
const corpusDir = [
  process.env.SYSTEMD_UNITS_CORPUS,
  join(root, '.cache', 'corpus'),
  join(process.env.HOME ?? '', '.cache', 'systemd-units', 'corpus'),
]
  .filter(Boolean)
  .map((d) => join(d, 'public'))
  .find((d) => existsSync(join(d, 'MANIFEST.tsv')));
const corpusFiles = corpusDir
  ? readFileSync(join(corpusDir, 'MANIFEST.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => join(corpusDir, line.split('\t')[0]))
      .filter((file) =>
        /\.(service|socket|timer|path|mount|automount|swap|target|slice|scope)$|\.d\/[^/]+\.conf$/.test(file),
      )
  : [];

function bigUnit(lines) {
  const out = [
    '[Unit]',
    'Description=A generated unit',
    'After=network-online.target',
    'Wants=network-online.target',
    '[Service]',
    'ExecStart=/usr/bin/true',
  ];
  while (out.length < lines) {
    out.push(
      `Environment=VAR${out.length}=value${out.length}`,
      '# a comment line',
      `ExecStartPre=/usr/bin/test -d /run/x${out.length}`,
      'RestartSec=5s',
    );
  }
  return out.join('\n') + '\n';
}
const big = bigUnit(5000);

// --- 1. CLI lint throughput -----------------------------------------------------------------------------------------
function timeCommand(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { wallMs, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
function peakRssOf(command, args) {
  const result = spawnSync('/usr/bin/time', ['-f', '%M %U %S', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const [kb, user, sys] = (result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { rssMiB: kb / 1024, cpuS: user + sys };
}
const bytesOf = (files) => files.reduce((sum, file) => sum + statSync(file).size, 0);

if (systemFiles.length > 0) {
  const copies = mkdtempSync(join(tmpdir(), 'systemd-units-bench-'));
  for (let i = 0; i < 20; i++) for (const file of systemFiles) cpSync(file, join(copies, `${i}-${basename(file)}`));
  const count = systemFiles.length * 20;
  const bytes = bytesOf(systemFiles) * 20;
  timeCommand(process.execPath, [cli, 'lint', '--format', 'json', copies]); // warm the file cache
  const runs = [1, 2, 3].map(() => timeCommand(process.execPath, [cli, 'lint', '--format', 'json', copies]).wallMs);
  const wall = Math.min(...runs);
  const usage = existsSync('/usr/bin/time')
    ? peakRssOf(process.execPath, [cli, 'lint', '--format', 'json', copies])
    : undefined;
  figures.lintSystem = {
    files: count,
    wallMs: round(wall),
    filesPerS: round(count / (wall / 1000), 0),
    mbPerS: round(bytes / 1e6 / (wall / 1000)),
    cpuS: usage ? round(usage.cpuS, 3) : null,
    peakRssMiB: usage ? round(usage.rssMiB, 1) : null,
  };
  budget(`lint ${count} files (wall)`, figures.lintSystem.wallMs, 250, 'ms');
  rmSync(copies, { recursive: true, force: true });

  if (spawnSync('systemd-analyze', ['--version']).status === 0) {
    const sample = systemFiles.slice(0, 10);
    const started = process.hrtime.bigint();
    for (const file of sample)
      spawnSync('systemd-analyze', ['verify', '--man=no', '--generators=no', file], { encoding: 'utf8' });
    const perFile = Number(process.hrtime.bigint() - started) / 1e6 / sample.length;
    figures.systemdAnalyzeVerifyMsPerFile = round(perFile);
    figures.ratioVsVerify = round(perFile / (wall / count), 0);
    budget('faster than systemd-analyze verify, per file', figures.ratioVsVerify, 200, '×', false);
  }
}
if (corpusFiles.length > 0) {
  const wall = Math.min(
    ...[1, 2, 3].map(() => timeCommand(process.execPath, [cli, 'lint', '--format', 'json', corpusDir]).wallMs),
  );
  figures.lintCorpus = {
    files: corpusFiles.length,
    wallMs: round(wall),
    mbPerS: round(bytesOf(corpusFiles) / 1e6 / (wall / 1000)),
  };
}

// --- 2. Service throughput, no process start-up ---------------------------------------------------------------------
const { getLanguageService } = require(join(root, 'out', 'server', 'src', 'service', 'languageService.js'));
const { TextDocument } = require('vscode-languageserver-textdocument');
const service = getLanguageService();
function throughput(texts, rounds) {
  let version = 0;
  for (const [uri, text] of texts) service.doValidation(TextDocument.create(uri, 'systemd-unit', version++, text));
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const [uri, text] of texts) service.doValidation(TextDocument.create(uri, 'systemd-unit', version++, text));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = texts.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0) * rounds;
  return { mbPerS: round(bytes / 1e6 / seconds), msPerDocument: round((seconds * 1000) / (texts.length * rounds), 3) };
}
const corpusTexts = (corpusFiles.length > 0 ? corpusFiles : systemFiles).map((file) => [
  pathToFileURL(file).href,
  readFileSync(file, 'utf8'),
]);
if (corpusTexts.length > 0) {
  figures.validateCorpus = throughput(corpusTexts, 20);
  budget('parse + validate throughput (real files)', figures.validateCorpus.mbPerS, 50, 'MB/s', false);
}
figures.validateBig = throughput([['file:///bench/big.service', big]], 30);
budget('full validation of a 5,000-line file', figures.validateBig.msPerDocument, 10, 'ms');

const summary = (values) => ({
  p50: round(percentile(values, 50), 3),
  p95: round(percentile(values, 95), 3),
  p99: round(percentile(values, 99), 3),
  n: values.length,
});

// --- 3. LSP over stdio ----------------------------------------------------------------------------------------------
const protocol = require('vscode-languageserver-protocol/node');
async function lspBench() {
  const started = process.hrtime.bigint();
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = protocol.createProtocolConnection(
    new protocol.StreamMessageReader(child.stdout),
    new protocol.StreamMessageWriter(child.stdin),
  );
  connection.listen();
  await connection.sendRequest(protocol.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    // What VS Code declares for completion: the server may state shared fields once and leave details to resolve.
    capabilities: {
      textDocument: {
        completion: {
          completionList: {
            itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'],
          },
          completionItem: { resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
        },
      },
    },
    initializationOptions: { systemdUnits: { diagnostics: { delay: 0 } } },
  });
  figures.lspStartToInitializedMs = round(Number(process.hrtime.bigint() - started) / 1e6);
  budget('server start to initialized', figures.lspStartToInitializedMs, 150, 'ms');
  await connection.sendNotification(protocol.InitializedNotification.type, {});

  const waiting = new Map();
  connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
    waiting.get(params.uri)?.(params);
    waiting.delete(params.uri);
  });
  const open = async (uri, text) => {
    const published = new Promise((resolve) => waiting.set(uri, resolve));
    const at = process.hrtime.bigint();
    await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'systemd-unit', version: 1, text },
    });
    await published;
    return Number(process.hrtime.bigint() - at) / 1e6;
  };
  const latencies = async (uri, text) => {
    const lines = text.split('\n');
    const hover = [];
    const keyCompletion = [];
    const valueCompletion = [];
    for (let line = 0; line < lines.length; line++) {
      const equals = lines[line].indexOf('=');
      if (equals <= 0 || /^\s*[#;]/.test(lines[line])) continue;
      for (const [list, request, character] of [
        [hover, protocol.HoverRequest.type, 1],
        [keyCompletion, protocol.CompletionRequest.type, 1],
        [valueCompletion, protocol.CompletionRequest.type, equals + 1],
      ]) {
        const at = process.hrtime.bigint();
        await connection.sendRequest(request, { textDocument: { uri }, position: { line, character } });
        list.push(Number(process.hrtime.bigint() - at) / 1e6);
      }
    }
    return { hover, keyCompletion, valueCompletion };
  };
  const openTimes = [];
  for (const file of systemFiles) openTimes.push(await open(pathToFileURL(file).href, readFileSync(file, 'utf8')));
  figures.lspOpenToDiagnosticsMs = summary(openTimes);
  // A keystroke's full diagnostics: each file edited once (a blank line added at its end), until they are published.
  const editTimes = [];
  for (const file of systemFiles) {
    const uri = pathToFileURL(file).href;
    const published = new Promise((resolve) => waiting.set(uri, resolve));
    const at = process.hrtime.bigint();
    await connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: `${readFileSync(file, 'utf8')}\n` }],
    });
    await published;
    editTimes.push(Number(process.hrtime.bigint() - at) / 1e6);
  }
  figures.lspEditToDiagnosticsMs = summary(editTimes);
  // Every sample of every file goes into one distribution: the p99 over all Key= lines of the 114 files.
  const real = { hover: [], keyCompletion: [], valueCompletion: [] };
  for (const file of systemFiles) {
    const result = await latencies(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    for (const key of Object.keys(real)) real[key].push(...result[key]);
  }
  figures.lspRealFiles = Object.fromEntries(Object.entries(real).map(([key, values]) => [key, summary(values)]));
  const bigUri = 'file:///bench/big.service';
  figures.lspBigOpenToDiagnosticsMs = round(await open(bigUri, big));
  figures.lspBigFile = Object.fromEntries(
    Object.entries(await latencies(bigUri, big)).map(([key, values]) => [key, summary(values)]),
  );
  if (systemFiles.length > 0) {
    budget('hover p99, real files', figures.lspRealFiles.hover.p99, 1, 'ms');
    budget(
      'completion p99, real files',
      Math.max(figures.lspRealFiles.keyCompletion.p99, figures.lspRealFiles.valueCompletion.p99),
      1,
      'ms',
    );
  }
  budget('hover p99, 5,000-line file', figures.lspBigFile.hover.p99, 3, 'ms');
  budget(
    'completion p99, 5,000-line file',
    Math.max(figures.lspBigFile.keyCompletion.p99, figures.lspBigFile.valueCompletion.p99),
    3,
    'ms',
  );

  for (const file of corpusFiles) await open(pathToFileURL(file).href, readFileSync(file, 'utf8'));
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  figures.lspRssMiB = round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024, 1);
  figures.lspPeakRssMiB = round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024, 1);
  budget('server RSS with all corpus files open', figures.lspRssMiB, 60, 'MiB');
  await connection.sendRequest(protocol.ShutdownRequest.type);
  await connection.sendNotification(protocol.ExitNotification.type);
  connection.dispose();
}
await lspBench();

// --- 4. Scale: a workspace of 20,000 unit files ---------------------------------------------------------------------
// The server is started on a generated workspace: when the open file's first diagnostics come (they must not wait for
// the index), when the index is done (reported with workDoneProgress), what a keystroke costs afterwards, and memory.
function generateWorkspace(directory, count) {
  for (let i = 0; i < count; i++) {
    const group = join(directory, `group${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(group, { recursive: true });
    const other = `app${(i * 7) % count}.service`;
    const type = i % 10 === 0 ? 'timer' : i % 10 === 1 ? 'socket' : 'service';
    const text =
      type === 'timer'
        ? `[Unit]\nDescription=Timer ${i}\n\n[Timer]\nOnCalendar=daily\nUnit=app${i + 2}.service\n\n[Install]\nWantedBy=timers.target\n`
        : type === 'socket'
          ? `[Unit]\nDescription=Socket ${i}\n\n[Socket]\nListenStream=${1024 + i}\nService=app${i + 1}.service\n\n[Install]\nWantedBy=sockets.target\n`
          : `[Unit]\nDescription=Service ${i}\nWants=${other}\nAfter=${other} network-online.target\n\n[Service]\nExecStart=/usr/bin/app --id ${i}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n`;
    writeFileSync(join(group, `app${i}.${type}`), text);
    if (i % 50 === 2) {
      mkdirSync(join(group, `app${i}.service.d`));
      writeFileSync(join(group, `app${i}.service.d`, 'override.conf'), '[Service]\nNice=5\n');
    }
  }
}
async function scaleBench(count) {
  const directory = mkdtempSync(join(tmpdir(), 'systemd-units-scale-'));
  try {
    generateWorkspace(directory, count);
    const started = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = protocol.createProtocolConnection(
      new protocol.StreamMessageReader(child.stdout),
      new protocol.StreamMessageWriter(child.stdin),
    );
    const rssNow = () =>
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
    let indexEnded;
    const indexed = new Promise((resolve) => (indexEnded = resolve));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', (params) => {
      if (params.value?.kind === 'end') indexEnded(since());
    });
    const waiting = new Map();
    connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
      waiting.get(params.uri)?.(params);
      waiting.delete(params.uri);
    });
    connection.listen();
    const rootUri = pathToFileURL(directory).href;
    await connection.sendRequest(protocol.InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'scale' }],
      capabilities: { window: { workDoneProgress: true } },
      initializationOptions: { systemdUnits: { diagnostics: { delay: 0 } } },
    });
    await connection.sendNotification(protocol.InitializedNotification.type, {});
    const file = join(directory, 'group3', 'app1502.service');
    const uri = pathToFileURL(file).href;
    const text = readFileSync(file, 'utf8');
    const validated = async (send) => {
      const published = new Promise((resolve) => waiting.set(uri, resolve));
      const at = since();
      await send();
      await published;
      return since() - at;
    };
    const firstDiagnosticsMs = await validated(() =>
      connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'systemd-unit', version: 1, text },
      }),
    );
    const indexMs = await Promise.race([indexed, new Promise((resolve) => setTimeout(() => resolve(NaN), 300_000))]);
    const edit = (version) => () =>
      connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text: `${text}${'\n'.repeat(version)}` }],
      });
    const firstWithIndexMs = await validated(edit(2));
    const keystrokes = [];
    for (let version = 3; version < 23; version++) keystrokes.push(await validated(edit(version)));
    figures.scale = {
      files: count,
      firstDiagnosticsMs: round(firstDiagnosticsMs),
      indexBuiltMs: round(indexMs),
      firstValidationWithIndexMs: round(firstWithIndexMs),
      keystrokeValidationMs: round(percentile(keystrokes, 50), 3),
      rssMiB: round(rssNow(), 1),
    };
    budget(
      `first diagnostics in a ${count}-file workspace, index still building`,
      figures.scale.firstDiagnosticsMs,
      500,
      'ms',
    );
    await connection.sendRequest(protocol.ShutdownRequest.type);
    await connection.sendNotification(protocol.ExitNotification.type);
    connection.dispose();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
if (process.env.BENCH_SCALE !== '0') await scaleBench(20_000);

// --- 5. Sizes -------------------------------------------------------------------------------------------------------
const sizeKiB = (file) => (existsSync(file) ? round(statSync(file).size / 1024, 1) : null);
figures.bundlesKiB = Object.fromEntries(
  ['client/extension.js', 'client/browser.js', 'server/node.js', 'server/browser.js', 'cli.js'].map((f) => [
    f,
    sizeKiB(join(shipped, f)),
  ]),
);
figures.vsixKiB = sizeKiB(join(root, 'systemd-units.vsix'));
if (figures.vsixKiB !== null) budget('VSIX size', figures.vsixKiB, 1024, 'KiB');

// --- report ---------------------------------------------------------------------------------------------------------
console.log('\nsystemd Units benchmark');
console.log(JSON.stringify(figures, null, 2));
console.log('\nbudgets:');
for (const b of budgets)
  console.log(`  ${b.pass ? 'pass' : 'FAIL'}  ${b.name}: ${b.value} ${b.unit} (budget ${b.limit} ${b.unit})`);
if (systemFiles.length === 0)
  console.log('  (no /lib/systemd/system here: the lint and LSP figures on real files are missing)');
if (corpusFiles.length === 0)
  console.log('  (no corpus: set SYSTEMD_UNITS_CORPUS or run npm test once with ../shared present)');
writeFileSync(join(tmpdir(), 'systemd-units-bench.json'), JSON.stringify({ figures, budgets }));
console.log(JSON.stringify({ figures, budgets }));
