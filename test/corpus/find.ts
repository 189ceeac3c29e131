import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers';

/**
 * Real unit files shipped by Debian packages (../shared/corpus/build-corpus.sh). Where SYSTEMD_UNITS_CORPUS names a
 * built corpus it is used; else the clone's .cache/corpus or this machine's cache (~/.cache/systemd-units/corpus);
 * otherwise one is built into .cache/corpus, when the script and apt are there.
 */
export function findCorpus(): { directory: string } | { skip: string } {
  const given = process.env['SYSTEMD_UNITS_CORPUS'];
  const directory = given ?? path.join(ROOT, '.cache', 'corpus');
  const manifest = path.join(directory, 'public', 'MANIFEST.tsv');
  if (fs.existsSync(manifest)) return { directory: path.join(directory, 'public') };
  if (given) return { skip: `SYSTEMD_UNITS_CORPUS=${given} holds no public/MANIFEST.tsv` };
  // One built before on this machine (by .ci/run or the bench), even where ../shared is not beside this clone.
  const cache = path.join(
    process.env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'),
    'systemd-units',
    'corpus',
  );
  if (fs.existsSync(path.join(cache, 'public', 'MANIFEST.tsv'))) return { directory: path.join(cache, 'public') };
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
