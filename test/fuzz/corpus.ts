import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface CorpusFile {
  /** Path inside the corpus, as MANIFEST.tsv lists it. */
  readonly relative: string;
  readonly text: string;
}

/**
 * The real unit files of an already built corpus (SYSTEMD_UNITS_CORPUS, the project's .cache/corpus, or the
 * per-user cache), or why there are none. Building one is the corpus test's job; this only reads.
 */
export function readCorpus(root: string): { files: CorpusFile[] } | { skip: string } {
  const candidates = [
    process.env['SYSTEMD_UNITS_CORPUS'],
    path.join(root, '.cache', 'corpus'),
    path.join(os.homedir(), '.cache', 'systemd-units', 'corpus'),
  ].filter((candidate): candidate is string => candidate !== undefined);
  for (const directory of candidates) {
    const manifest = path.join(directory, 'public', 'MANIFEST.tsv');
    if (!fs.existsSync(manifest)) continue;
    const files = fs
      .readFileSync(manifest, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t')[0]!)
      .map((relative) => ({
        relative,
        text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(
          fs.readFileSync(path.join(directory, 'public', relative)),
        ),
      }));
    return { files };
  }
  return { skip: `no built corpus (looked in ${candidates.join(', ')}); set SYSTEMD_UNITS_CORPUS` };
}
