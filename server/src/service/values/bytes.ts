/** Byte sizes for people: systemd's sizes (values/simple-numbers.ts reads them) shown in KiB, MiB and so on. */

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** `1610612736` → `1.5 GiB`: the largest unit that keeps the number at least 1, to one decimal where needed. */
export function formatByteSize(bytes: bigint): string {
  let unit = 0;
  let scale = 1n;
  while (unit < UNITS.length - 1 && bytes >= scale * 1024n) {
    scale *= 1024n;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1n ? 'byte' : 'bytes'}`;
  const tenths = (bytes * 10n) / scale;
  const text = tenths % 10n === 0n ? `${tenths / 10n}` : `${tenths / 10n}.${tenths % 10n}`;
  return `${text} ${UNITS[unit]}`;
}
