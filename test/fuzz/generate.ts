import fc from 'fast-check';
import { allDirectives } from '../../server/src/service/catalog';
import { ALL_SECTIONS } from '../../server/src/service/catalog/unitTypes';

/** A small, fast, seedable PRNG (mulberry32): mutation needs millions of draws, and must replay from a seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, bound). */
  below(bound: number): number {
    return Math.floor(this.next() * bound);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** File names that make the service read a text as each kind of unit, a drop-in, or something it cannot tell. */
export const FILE_NAMES: readonly string[] = [
  'app.service',
  'app@.service',
  'app.socket',
  'app.timer',
  'app.path',
  'srv-data.mount',
  'srv-data.automount',
  'dev-sda2.swap',
  'app.target',
  'app.slice',
  'app.scope',
  'dev-sda.device',
  'app.service.d/override.conf',
  'service.d/10-all.conf',
  'systemd/user/app.service',
  'untitled',
  'notes.conf',
];

/** What the mutations insert: the characters that matter to systemd's reader and to our value parsers. */
const TOKENS: readonly string[] = [
  '[',
  ']',
  '=',
  '\\',
  '\\\n',
  '%',
  '%i',
  '%%',
  '$',
  '${',
  '$$',
  '"',
  "'",
  '\0',
  '\n',
  '\r',
  '\r\n',
  '\n\r',
  ' ',
  '\t',
  '\v',
  '#',
  ';',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udc00',
  '𝄞',
  'é',
  '-',
  '@',
  '+',
  '!',
  ':',
  '/',
  '.',
  '*',
  '~',
  '0',
  '9',
  'X-',
  '=\n',
  '\n[Service]\n',
  '\n[Unit]\n',
  '\n[',
  '\nExecStart=',
  '\n# comment \\',
];

const DIRECTIVE_NAMES: readonly string[] = [...new Set(allDirectives().map((directive) => directive.name))];
const KEYWORDS: readonly string[] = [...new Set(allDirectives().flatMap((directive) => directive.values))];

const LINE_ENDINGS = /\r\n|\n\r|\r|\n|\0/;

function splitLines(text: string): string[] {
  return text.split(/(?<=\r\n|\n\r|\r(?!\n)|\n(?!\r)|\0)/);
}

/** One random change to a text; the kinds are those a corrupted, half-typed or hostile file shows. */
export function mutateOnce(text: string, random: Random, donors: readonly string[]): string {
  const at = () => random.below(text.length + 1);
  switch (random.below(12)) {
    case 0: {
      // flip a bit of one character (staying inside the BMP keeps it one UTF-16 unit)
      if (text.length === 0) return text;
      const index = random.below(text.length);
      const flipped = (text.charCodeAt(index) ^ (1 << random.below(16))) & 0xffff;
      return text.slice(0, index) + String.fromCharCode(flipped) + text.slice(index + 1);
    }
    case 1: {
      // swap two lines
      const lines = splitLines(text);
      if (lines.length < 2) return text;
      const a = random.below(lines.length);
      const b = random.below(lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('');
    }
    case 2: {
      // duplicate or drop a line
      const lines = splitLines(text);
      const index = random.below(lines.length);
      if (random.chance(0.5)) lines.splice(index, 0, lines[index] ?? '');
      else lines.splice(index, 1);
      return lines.join('');
    }
    case 3:
      return text.slice(0, at()); // truncation
    case 4:
    case 5:
    case 6: {
      const index = at();
      return text.slice(0, index) + random.pick(TOKENS) + text.slice(index);
    }
    case 7: {
      // a line from another file
      const donor = random.pick(donors);
      const lines = splitLines(donor);
      const index = at();
      return text.slice(0, index) + random.pick(lines) + text.slice(index);
    }
    case 8: {
      // delete a run
      const from = at();
      return text.slice(0, from) + text.slice(from + random.below(40));
    }
    case 9: {
      // a directive name or a keyword dropped in
      const index = at();
      const word = random.chance(0.5) ? random.pick(DIRECTIVE_NAMES) : random.pick(KEYWORDS);
      return text.slice(0, index) + word + text.slice(index);
    }
    case 10: {
      // line endings changed throughout
      const ending = random.pick(['\n', '\r\n', '\r', '\n\r']);
      return text.split(LINE_ENDINGS).join(ending);
    }
    default: {
      // a long run: mostly up to 2,000 characters, one in ten up to 30,000, now and then past what systemd reads (1 MiB)
      const index = at();
      const unit = random.pick(['a', ' ', '\\', '%', 'é', '=', 'x y ', '${A}', '\t']);
      const roll = random.next();
      const length =
        roll < 0.002 ? 1024 * 1024 + random.below(1000) : roll < 0.1 ? random.below(30000) : random.below(2000);
      return text.slice(0, index) + unit.repeat(Math.ceil(length / unit.length)) + text.slice(index);
    }
  }
}

/** One to eight mutations of a text. */
export function mutate(text: string, random: Random, donors: readonly string[]): string {
  let result = text;
  const count = 1 + random.below(8);
  for (let i = 0; i < count; i++) result = mutateOnce(result, random, donors);
  return result;
}

// ---- grammar-aware generation (fast-check) ----

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,12}$/);
const blanks = fc.constantFrom('', '', '', ' ', '  ', '\t', ' \t ');

const sectionName = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...ALL_SECTIONS) },
  { weight: 1, arbitrary: word.map((w) => `X-${w}`) },
  { weight: 1, arbitrary: word },
  { weight: 1, arbitrary: fc.constantFrom(' Service ', 'service', 'Unit ', '', 'Se"rvice', 'A\\B', 'Ünit') },
);

const key = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...DIRECTIVE_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...DIRECTIVE_NAMES).map((name) => name.toLowerCase()) },
  { weight: 1, arbitrary: fc.constantFrom(...DIRECTIVE_NAMES).map((name) => name.slice(0, -1)) },
  { weight: 1, arbitrary: word.map((w) => `X-${w}`) },
  { weight: 1, arbitrary: word },
);

const valueAtom = fc.oneof(
  fc.constantFrom(...KEYWORDS),
  fc.constantFrom('yes', 'no', 'true', 'false', 'on', 'off', '1', '0', 'maybe'),
  fc
    .tuple(fc.nat({ max: 100000 }), fc.constantFrom('', 's', 'min', 'ms', 'us', 'h', 'd', 'w', 'M', 'y', 'x', ' m'))
    .map(([n, unit]) => `${n}${unit}`),
  fc.constantFrom('infinity', '5min 3s', '1.5h', '-1', '99999999999999999999', '50%', '150%', '1K', '2G', '1.5T'),
  fc.constantFrom('/usr/bin/app', '-/etc/default/app', '!/bin/x', '@/bin/x argv0', '+/bin/x', ':/x', '!!/x', 'app'),
  fc.constantFrom('%i', '%n', '%%', '%Z', '%', '${HOME}', '$HOME', '$$', '${', '"a b"', "'c d'", '"unterminated'),
  fc.constantFrom('app.service', 'a@b.service', 'multi-user.target', '-.mount', 'x.bogus', 'a..service', '@.service'),
  fc.constantFrom('daily', 'Mon *-*-* 00:00:00', '*:0/15', 'Feb 30', '*-*-* 25:00', 'hourly UTC', 'minutely'),
  fc.constantFrom('127.0.0.1:80', '[::]:443', '/run/app.sock', '@abstract', 'vsock:2:3', '0.0.0.0:99999', '80'),
  fc.constantFrom('SIGTERM', 'SIGKILL', 'HUP', '9', 'SIGFOO', 'CAP_NET_ADMIN', '~CAP_SYS_ADMIN', '0755', '0999'),
  fc.string({ maxLength: 12 }),
);

const value = fc.array(valueAtom, { maxLength: 5 }).map((atoms) => atoms.join(' '));

/** A value split over lines with trailing backslashes, sometimes with a comment line in between. */
const continuedValue = fc
  .tuple(value, fc.array(fc.tuple(fc.constantFrom('', '# inner', '; inner', '  # x \\'), value), { maxLength: 3 }))
  .map(([head, rest]) =>
    rest.reduce((text, [comment, part]) => `${text} \\\n${comment ? `${comment}\n` : ''}  ${part}`, head),
  );

const assignment = fc
  .tuple(
    blanks,
    key,
    blanks,
    blanks,
    fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: continuedValue }),
    blanks,
  )
  .map(([lead, k, before, after, v, trail]) => `${lead}${k}${before}=${after}${v}${trail}`);

const otherLine = fc.oneof(
  fc.constantFrom('', '', '   ', '# a comment', '; another', '  # indented', '#', 'junk without equals', '=nokey'),
  fc.constantFrom('# systemd-units: disable=unknown-directive', '# systemd-units: disable-next-line=all', '\\'),
);

const entries = fc.array(fc.oneof({ weight: 5, arbitrary: assignment }, { weight: 2, arbitrary: otherLine }), {
  maxLength: 12,
});

const section = fc
  .tuple(blanks, sectionName, blanks, entries, fc.constantFrom('', '', '', ' # trailing', ']'))
  .map(([lead, name, trail, lines, junk]) => [`${lead}[${name}]${junk}${trail}`, ...lines]);

/** Unit files built from the grammar: real sections and directive names, values of every kind, and some damage. */
export const unitFileText: fc.Arbitrary<string> = fc
  .record({
    bom: fc.boolean().map((yes) => (yes ? '\ufeff' : '')),
    preamble: fc.array(otherLine, { maxLength: 2 }),
    sections: fc.array(section, { maxLength: 6 }),
    ending: fc.constantFrom('\n', '\n', '\n', '\r\n', '\r'),
    finalNewline: fc.boolean(),
  })
  .map(({ bom, preamble, sections, ending, finalNewline }) => {
    const lines = [...preamble, ...sections.flat()];
    const body = lines.join('\n').replace(/\n/g, ending);
    return bom + body + (finalNewline && lines.length > 0 ? ending : '');
  });

/** Text made of the characters that matter to the reader: brackets, `=`, backslashes, comment marks, line ends. */
export const unitishText: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom('[', ']', '=', '\\', '#', ';', ' ', '\t', '\n', '\r', '\0', '\ufeff', 'A', 'x', 'X-', 'é', '"'),
  maxLength: 200,
});

/** A file name for a generated text. */
export const fileName: fc.Arbitrary<string> = fc.constantFrom(...FILE_NAMES);
