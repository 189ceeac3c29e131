import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
import { parseUnitFile, printUnitFile } from '../../server/src/service/syntax';
import { unitFileKindOf } from '../../server/src/service/unitFileKind';
import { ROOT } from '../helpers';

/**
 * Real unit files shipped by Debian packages (../shared/corpus/build-corpus.sh). Where SYSTEMD_UNITS_CORPUS names a
 * built corpus it is used; otherwise one is built into .cache/corpus, when the script and apt are there.
 */
function findCorpus(): { directory: string } | { skip: string } {
  const given = process.env['SYSTEMD_UNITS_CORPUS'];
  const directory = given ?? path.join(ROOT, '.cache', 'corpus');
  const manifest = path.join(directory, 'public', 'MANIFEST.tsv');
  if (fs.existsSync(manifest)) return { directory: path.join(directory, 'public') };
  if (given) return { skip: `SYSTEMD_UNITS_CORPUS=${given} holds no public/MANIFEST.tsv` };
  const script = path.resolve(ROOT, '..', 'shared', 'corpus', 'build-corpus.sh');
  if (!fs.existsSync(script))
    return { skip: `the corpus script ${script} is not there (no ../shared beside the project)` };
  if (spawnSync('sh', ['-c', 'command -v apt-get && command -v dpkg-deb']).status !== 0) {
    return { skip: 'apt-get and dpkg-deb are needed to build the corpus, and this machine lacks them' };
  }
  const built = spawnSync('bash', [script, 'public', directory], { encoding: 'utf8', timeout: 10 * 60 * 1000 });
  if (built.status !== 0 || !fs.existsSync(manifest)) {
    return { skip: `building the corpus failed: ${(built.stderr ?? '').trim().split('\n').slice(-2).join(' ')}` };
  }
  return { directory: path.join(directory, 'public') };
}

const corpus = findCorpus();
const skip = 'skip' in corpus ? corpus.skip : false;
if (skip) console.log(`# corpus tests skipped: ${skip}`);

test('corpus: every real file parses losslessly and gets no error or warning', { skip }, () => {
  if ('skip' in corpus) return;
  const rows = fs
    .readFileSync(path.join(corpus.directory, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0]!);
  assert.ok(rows.length >= 250, `only ${rows.length} files in the corpus`);

  const service = getLanguageService();
  let unitFiles = 0;
  const findings: string[] = [];
  const notices = new Map<string, number>();
  for (const relative of rows) {
    const file = path.join(corpus.directory, relative);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(fs.readFileSync(file));
    const tree = parseUnitFile(text);
    assert.equal(printUnitFile(tree), text, `${relative} does not survive the round trip`);
    if (unitFileKindOf(file).unitType === undefined) continue; // .network, .link, .nspawn: not unit files
    unitFiles++;
    const document = TextDocument.create(`file://${file}`, 'systemd-unit', 1, text);
    const started = performance.now();
    const diagnostics = service.doValidation(document);
    const folds = service.getFoldingRanges(document);
    assert.ok(performance.now() - started < 1000, `${relative} took too long`);
    for (const d of diagnostics) {
      if (d.severity === 1 || d.severity === 2) {
        findings.push(`${relative}:${d.range.start.line + 1}: ${String(d.code)} ${String(d.message)}`);
      } else {
        const code = String(d.code);
        notices.set(code, (notices.get(code) ?? 0) + 1);
      }
    }
    for (const fold of folds) {
      assert.ok(
        fold.startLine < fold.endLine && fold.endLine < document.lineCount,
        `${relative}: bad fold ${JSON.stringify(fold)}`,
      );
    }
  }
  assert.ok(unitFiles >= 250, `only ${unitFiles} unit files`);
  // Information and hints are allowed on real files; their counts are printed so a noisy rule shows up.
  const counts = [...notices].map(([code, count]) => `${code} ${count}`).join(', ');
  console.log(`# corpus: ${unitFiles} unit files; information/hint findings: ${counts || 'none'}`);
  assert.deepEqual(findings, []);
});
