import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cliWorkspace, runCli, type CliRun } from './workspace';

/** The CLI on trees nobody should have to lint: loops, locked files, FIFOs, sockets, odd names, huge files. */

const { work, write } = cliWorkspace('systemd-units-hostile-');
fs.chmodSync(work, 0o755); // another user (below) must be able to walk it

const GOOD = '[Unit]\nDescription=x\n';
const BROKEN = '[Unit\nDescription=x\n';
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

interface Run extends CliRun {
  /** Peak resident memory of the CLI, in KiB. */
  maxRss: number | undefined;
}

/**
 * Runs the CLI and records its peak memory (a preloaded script prints it at exit). The timeout only keeps a CLI that
 * blocks (on a FIFO, say) from hanging the suite; a run that hits it fails the test through its null status.
 */
function run(args: readonly string[], options: SpawnSyncOptions = {}): Run {
  const preload = path.join(work, 'max-rss.js');
  if (!fs.existsSync(preload)) {
    fs.writeFileSync(
      preload,
      "process.on('exit', () => process.stderr.write(`\\nmax-rss ${process.resourceUsage().maxRSS}\\n`));\n",
      { mode: 0o644 },
    );
  }
  const result = runCli(work, args, {
    nodeArgs: ['--require', preload],
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  });
  const maxRss = /\nmax-rss (\d+)\n$/.exec(result.stderr)?.[1];
  return {
    ...result,
    stderr: result.stderr.replace(/\nmax-rss \d+\n$/, ''),
    maxRss: maxRss === undefined ? undefined : Number(maxRss),
  };
}

const problemsOf = (result: Run): { file: string; code: string }[] => JSON.parse(result.stdout || '[]');

describe('systemd-units lint on hostile trees', () => {
  test('symlink loops: reported by name, the walk goes on, exit 2', { skip: process.platform === 'win32' }, () => {
    const tree = path.join(work, 'loops', 'tree');
    write('loops/tree/ok.target', GOOD);
    write('loops/tree/broken.target', BROKEN);
    fs.symlinkSync('a.service', path.join(tree, 'b.service'));
    fs.symlinkSync('b.service', path.join(tree, 'a.service'));
    fs.symlinkSync('.', path.join(tree, 'self'));
    fs.symlinkSync('..', path.join(tree, 'up'));
    fs.symlinkSync('missing.service', path.join(tree, 'dangling.service'));
    const result = run(['lint', '--format', 'json', 'loops']);
    assert.equal(result.status, 2, result.stderr);
    assert.deepEqual(
      problemsOf(result).map((p) => `${path.basename(p.file)} ${p.code}`),
      ['broken.target invalid-section-header'],
    );
    assert.match(result.stderr, /a\.service: too many levels of symbolic links/);
    assert.match(result.stderr, /b\.service: too many levels of symbolic links/);
    assert.doesNotMatch(result.stderr, /dangling/); // a link to a removed unit is common, and nothing to check
    const named = run(['lint', path.join(tree, 'a.service')]);
    assert.equal(named.status, 2);
    assert.match(named.stderr, /a\.service: too many levels of symbolic links\n/);
  });

  test(
    'a file and a directory that cannot be read: permission denied, the rest checked, exit 2',
    { skip: process.platform === 'win32' ? 'no POSIX file modes' : false },
    () => {
      write('locked/ok.target', GOOD);
      write('locked/broken.target', BROKEN);
      write('locked/secret.target', GOOD, 0o000);
      write('locked/closed/inner.target', GOOD);
      fs.chmodSync(path.join(work, 'locked', 'closed'), 0o000);
      // Root reads everything whatever the mode; as another user the modes count.
      const asOther = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
      const result = run(['lint', '--format', 'json', 'locked'], asOther);
      fs.chmodSync(path.join(work, 'locked', 'closed'), 0o755);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /secret\.target: permission denied/);
      assert.match(result.stderr, /closed: permission denied/);
      assert.deepEqual(
        problemsOf(result).map((p) => `${path.basename(p.file)} ${p.code}`),
        ['broken.target invalid-section-header'],
      );
    },
  );

  test(
    'a file that fails while it is read (/proc/self/mem): a clear reason, exit 2',
    { skip: fs.existsSync('/proc/self/mem') ? false : 'no /proc/self/mem here' },
    () => {
      write('failing/ok.target', GOOD);
      fs.symlinkSync('/proc/self/mem', path.join(work, 'failing', 'mem.service'));
      const result = run(['lint', 'failing']);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /mem\.service: input\/output error\n/);
    },
  );

  test(
    'FIFOs and sockets: passed over in a tree, refused by name, never waited on',
    { skip: process.platform === 'win32' ? 'no FIFOs or UNIX sockets' : false },
    async () => {
      write('special/ok.target', GOOD);
      const fifo = path.join(work, 'special', 'fifo.service');
      const made = spawnSync('mkfifo', [fifo]);
      if (made.status !== 0) return assert.fail(`mkfifo failed: ${String(made.stderr)}`);
      const socketPath = path.join(work, 'special', 'listening.socket');
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(socketPath, resolve));
      try {
        const tree = run(['lint', '--format', 'json', 'special']);
        assert.equal(tree.status, 0, tree.stderr);
        assert.deepEqual(problemsOf(tree), []);
        for (const special of [fifo, socketPath]) {
          const named = run(['lint', special]);
          assert.equal(named.status, 2, `${special}: ${named.stderr}`);
          assert.match(named.stderr, /not a regular file or directory\n/);
        }
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );

  test('a file name that is not UTF-8 is read by its bytes', { skip: process.platform !== 'linux' }, () => {
    const directory = path.join(work, 'names');
    fs.mkdirSync(directory, { mode: 0o755 });
    const name = Buffer.concat([Buffer.from(directory), Buffer.from('/caf\xe9.target', 'latin1')]);
    fs.writeFileSync(name, BROKEN);
    write('names/line\nbreak.target', BROKEN);
    const result = run(['lint', '--format', 'json', 'names']);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(
      problemsOf(result).map((p) => `${path.basename(p.file)} ${p.code}`),
      ['caf\ufffd.target invalid-section-header', 'line\nbreak.target invalid-section-header'],
    );
  });

  test('a 100 MB file is refused at once with a clear message, not read', () => {
    const big = path.join(work, 'big', 'huge.service');
    fs.mkdirSync(path.dirname(big), { recursive: true });
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 100 * 1024 * 1024); // sparse: no disk space used
    const result = run(['lint', big]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      `${big}:1:1: information file-too-large This file is too large to analyse (100.0 MiB; the limit is 4 MiB). Unit files are usually a few kilobytes.\n`,
    );
    // Had it been read, the CLI would hold at least its 100 MB.
    if (result.maxRss !== undefined) assert.ok(result.maxRss < 100 * 1024, `peak RSS ${result.maxRss} KiB`);
  });

  const heavy = process.env['SYSTEMD_UNITS_FUZZ_HEAVY'] === '1';
  test(
    '100,000 files: every one checked, bounded memory',
    {
      skip: heavy ? false : 'takes 10 to 40 s, with the files made; npm run fuzz runs it (SYSTEMD_UNITS_FUZZ_HEAVY=1)',
    },
    () => {
      const count = 100_000;
      const root = path.join(work, 'many');
      for (let i = 0; i < count; i++) {
        const directory = path.join(root, `d${Math.floor(i / 1000)}`);
        if (i % 1000 === 0) fs.mkdirSync(directory, { recursive: true });
        fs.writeFileSync(path.join(directory, `u${i}.target`), i % 100 === 0 ? BROKEN : GOOD);
      }
      const started = process.hrtime.bigint();
      const result = run(['lint', '--format', 'json', 'many']);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      assert.equal(result.status, 1, result.stderr);
      const problems = problemsOf(result);
      assert.equal(problems.length, count / 100);
      assert.ok(problems.every((p) => p.code === 'invalid-section-header'));
      const rss = result.maxRss === undefined ? 'unknown' : `${(result.maxRss / 1024).toFixed(0)} MiB`;
      console.log(`# CLI over ${count.toLocaleString('en')} files: ${seconds.toFixed(1)} s, peak RSS ${rss}`);
      if (result.maxRss !== undefined) assert.ok(result.maxRss < 1024 * 1024, `peak RSS ${rss}`);
    },
  );
});
