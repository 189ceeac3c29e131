// npm run fuzz: mutation and grammar fuzzing of the language service (test/fuzz/engine.ts, compiled to out/), spread
// over child processes, one per core; then the checks too slow for npm test (a CLI run over 100,000 files).
// Prints the counts and a final JSON line; exits 1 on any failure, a too-slow answer included.
//
//   node scripts/fuzz.mjs [--iterations N] [--seconds S] [--workers W] [--seed X] [--out DIR] [--no-extras]
import { fork, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { setInterval, clearInterval } from 'node:timers';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '3600' },
    workers: { type: 'string', default: String(Math.min(2, os.availableParallelism?.() ?? os.cpus().length)) },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: path.join(ROOT, '.cache', 'fuzz') },
    'no-extras': { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

const engine = () => require(path.join(ROOT, 'out', 'test', 'fuzz', 'engine.js'));
const corpusFiles = () => {
  const corpus = require(path.join(ROOT, 'out', 'test', 'fuzz', 'corpus.js')).readCorpus(ROOT);
  return 'files' in corpus ? { files: corpus.files } : { files: [], skip: corpus.skip };
};

const rssMiB = () => process.memoryUsage().rss / (1024 * 1024);

// ---- a child: fuzzes its share and reports back ----
if (values.child !== undefined) {
  const { index, count, iterations, deadline, seed, out } = JSON.parse(values.child);
  const { runFuzz } = engine();
  const corpus = corpusFiles().files;
  // Every child starts with the whole corpus as it is (cheap), then its own stream of inputs.
  let warmRss;
  const report = (stats, done) => {
    if (warmRss === undefined && stats.inputs >= corpus.length + 2000) warmRss = rssMiB();
    const { failures, slowInputs, ...counts } = stats;
    process.send({ index, done, counts, rss: rssMiB(), warmRss, failures: failures.length, slow: slowInputs.length });
  };
  const stats = runFuzz({
    corpus,
    seed: seed * 1000 + index,
    iterations,
    deadline,
    progressEveryMs: 5000,
    onProgress: (current) => report(current, false),
  });
  fs.mkdirSync(out, { recursive: true });
  stats.failures.forEach((failure, n) =>
    fs.writeFileSync(path.join(out, `failure-${index}-${n}.json`), JSON.stringify(failure, null, 1)),
  );
  stats.slowInputs.forEach((slow, n) =>
    fs.writeFileSync(path.join(out, `slow-${index}-${n}.json`), JSON.stringify(slow, null, 1)),
  );
  void count;
  report(stats, true);
  process.disconnect();
} else {
  await main();
}

async function main() {
  const iterations = Number(values.iterations);
  const seconds = Number(values.seconds);
  const workers = Math.max(1, Number(values.workers));
  const seed = Number(values.seed);
  const out = path.resolve(values.out);
  if (!fs.existsSync(path.join(ROOT, 'out', 'test', 'fuzz', 'engine.js'))) {
    console.error('fuzz: out/test/fuzz/engine.js is missing; run `npx tsc -b` first (npm run fuzz does).');
    process.exit(2);
  }
  fs.rmSync(out, { recursive: true, force: true });
  const corpus = corpusFiles();
  if (corpus.skip) console.log(`fuzz: without corpus files (${corpus.skip})`);
  const { LATENCY_BUDGET_MS, budgetOf } = engine();
  const started = Date.now();
  const deadline = started + seconds * 1000;
  console.log(
    `fuzz: ${iterations.toLocaleString('en')} inputs or ${seconds} s, ${workers} processes, seed ${seed}, ` +
      `${corpus.files.length} corpus files; latency budget ${LATENCY_BUDGET_MS} ms per answer ` +
      `(fixAll, the CLI's five-round --fix: ${budgetOf('fixAll')} ms)`,
  );

  const latest = new Map();
  const children = [];
  for (let index = 0; index < workers; index++) {
    const share = Math.floor(iterations / workers) + (index < iterations % workers ? 1 : 0);
    const child = fork(new URL(import.meta.url).pathname, [
      '--child',
      JSON.stringify({ index, count: workers, iterations: share, deadline, seed, out }),
    ]);
    child.on('message', (message) => latest.set(message.index, message));
    children.push(new Promise((resolve) => child.on('exit', (code) => resolve(code))));
  }
  const progress = setInterval(() => {
    const inputs = [...latest.values()].reduce((sum, m) => sum + m.counts.inputs, 0);
    const failures = [...latest.values()].reduce((sum, m) => sum + m.counts.failureCount, 0);
    const elapsed = (Date.now() - started) / 1000;
    console.log(
      `fuzz: ${inputs.toLocaleString('en')} inputs in ${elapsed.toFixed(0)} s (${(inputs / elapsed).toFixed(0)}/s), ` +
        `${failures} failures`,
    );
  }, 30_000);
  const exitCodes = await Promise.all(children);
  clearInterval(progress);
  const elapsed = (Date.now() - started) / 1000;

  // ---- merge and print ----
  const finals = [...latest.values()];
  const features = {};
  const bySource = {};
  let inputs = 0;
  let failureCount = 0;
  for (const { counts } of finals) {
    inputs += counts.inputs;
    failureCount += counts.failureCount;
    for (const [source, n] of Object.entries(counts.bySource)) bySource[source] = (bySource[source] ?? 0) + n;
    for (const [name, entry] of Object.entries(counts.features)) {
      const merged = (features[name] ??= { calls: 0, totalMs: 0, maxMs: 0, maxCostMs: 0, slow: 0 });
      merged.calls += entry.calls;
      merged.totalMs += entry.totalMs;
      merged.maxMs = Math.max(merged.maxMs, entry.maxMs);
      if (entry.maxCostMs >= merged.maxCostMs) {
        merged.maxCostMs = entry.maxCostMs;
        merged.slowestInput = entry.slowestInput;
      }
      merged.slow += entry.slow;
    }
  }
  const slowAnswers = Object.values(features).reduce((sum, entry) => sum + entry.slow, 0);
  const crashed = exitCodes.filter((code) => code !== 0).length;
  console.log(
    `\nfuzz: ${inputs.toLocaleString('en')} inputs in ${elapsed.toFixed(0)} s (${(inputs / elapsed).toFixed(0)}/s)`,
  );
  console.log(
    `  by source: ${Object.entries(bySource)
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ')}`,
  );
  console.log(`  features exercised: ${Object.keys(features).length}`);
  // max cost: the slowest answer asked again from a fresh service (the cheapest of up to three attempts), the lesser
  // of its wall-clock and CPU time.
  console.log('  feature              calls      mean ms  max wall ms max cost ms  over budget  slowest input');
  for (const [name, entry] of Object.entries(features)) {
    console.log(
      `  ${name.padEnd(18)} ${String(entry.calls).padStart(10)} ${(entry.totalMs / entry.calls).toFixed(3).padStart(10)}` +
        ` ${entry.maxMs.toFixed(1).padStart(12)} ${entry.maxCostMs.toFixed(1).padStart(11)} ${String(entry.slow).padStart(12)}` +
        `  ${entry.slowestInput ? `${entry.slowestInput.uri} (${entry.slowestInput.length} chars)` : ''}`,
    );
  }
  const rss = finals.map((m) => ({
    warm: m.warmRss,
    end: m.rss,
    drift: m.warmRss === undefined ? undefined : m.rss - m.warmRss,
  }));
  console.log(
    `  RSS per process (MiB), after warm-up -> at the end: ${rss
      .map((r) => `${r.warm?.toFixed(0) ?? '?'} -> ${r.end.toFixed(0)} (drift ${r.drift?.toFixed(0) ?? '?'})`)
      .join('; ')}`,
  );
  console.log(
    `  failures (exceptions and broken invariants): ${failureCount}; answers over budget: ${slowAnswers}; crashed processes: ${crashed}`,
  );
  if (failureCount + slowAnswers > 0) console.log(`  inputs written to ${out}`);

  const extras = values['no-extras'] ? {} : runExtras();
  const failed = failureCount + slowAnswers + crashed + (extras.failed ?? 0);
  console.log(
    JSON.stringify({
      inputs,
      seconds: Math.round(elapsed),
      featuresExercised: Object.keys(features).length,
      maxLatencyMs: Object.fromEntries(Object.entries(features).map(([k, v]) => [k, Number(v.maxCostMs.toFixed(1))])),
      maxWallMs: Object.fromEntries(Object.entries(features).map(([k, v]) => [k, Number(v.maxMs.toFixed(1))])),
      rssDriftMiB: rss.map((r) => (r.drift === undefined ? null : Number(r.drift.toFixed(1)))),
      failures: failureCount,
      slowAnswers,
      crashed,
      extras,
    }),
  );
  process.exit(failed > 0 ? 1 : 0);
}

/** The checks too slow for npm test: the CLI over a tree of 100,000 files (test/cli/hostile.test.ts). */
function runExtras() {
  const test = path.join(ROOT, 'out', 'test', 'cli', 'hostile.test.js');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js')) || !fs.existsSync(test)) {
    console.log(
      'fuzz: dist/cli.js or the compiled tests are missing (npm run build, tsc -b); the CLI check is skipped',
    );
    return {};
  }
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--test', '--test-name-pattern', '100,000 files', test], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SYSTEMD_UNITS_FUZZ_HEAVY: '1' },
  });
  const seconds = (Date.now() - started) / 1000;
  const figures = /# CLI over .*/.exec(run.stdout)?.[0]?.replace(/^# /, '') ?? 'no figures printed';
  const ok = run.status === 0 && /# pass [1-9]/.test(run.stdout);
  console.log(`fuzz: ${figures} (test ${ok ? 'passed' : 'FAILED'} in ${seconds.toFixed(0)} s)`);
  if (!ok) console.log(run.stdout.slice(-3000), run.stderr.slice(-2000));
  return { cli100kFiles: { ok, figures }, failed: ok ? 0 : 1 };
}
