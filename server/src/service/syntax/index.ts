export * from './nodes';
export { parseUnitFile, LONG_LINE_MAX } from './parser';
export { printUnitFile } from './print';
export { locate, touches, type Located } from './locate';
