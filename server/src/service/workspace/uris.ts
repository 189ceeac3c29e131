/**
 * URIs as the index handles them. The index works on URIs, not paths, so that the browser build (whose workspace may
 * be `vscode-vfs:` or `vscode-remote:`) and the node build share the code. Names are encoded the way VS Code writes
 * them (every character outside `A-Za-z0-9-._~` percent-encoded), and lookups go through `uriKey`, so a URI written
 * by another encoder (node's `pathToFileURL` keeps `@`) still finds the same file.
 */

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const ALL_UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const UTF8 = new TextEncoder();

/** Percent-encodes one path segment as VS Code does (upper-case hex, UTF-8). */
export function encodeSegment(segment: string): string {
  if (ALL_UNRESERVED.test(segment)) return segment;
  let out = '';
  for (const char of segment) {
    if (UNRESERVED.test(char)) {
      out += char;
      continue;
    }
    for (const byte of UTF8.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const SCHEME_AND_AUTHORITY = /^([a-zA-Z][a-zA-Z0-9+.-]*:)(\/\/[^/?#]*)?/;

interface SplitUri {
  readonly prefix: string;
  /** Decoded path segments; an absolute path starts with an empty segment. */
  readonly segments: readonly string[];
}

function splitUri(uri: string): SplitUri {
  const match = SCHEME_AND_AUTHORITY.exec(uri);
  const prefix = match ? match[1]!.toLowerCase() + (match[2] ?? '').toLowerCase() : '';
  const path = uri.slice(match ? match[0].length : 0).replace(/[?#].*$/, '');
  return { prefix, segments: path.split('/').map(safeDecode) };
}

function joinSplit(prefix: string, segments: readonly string[]): string {
  return prefix + segments.map(encodeSegment).join('/');
}

/** The same URI in one canonical spelling: lower-case scheme and authority, path re-encoded, no trailing slash. */
export function uriKey(uri: string): string {
  let key = KEYS.get(uri);
  if (key !== undefined) return key;
  const { prefix, segments } = splitUri(uri);
  const trimmed = segments.length > 1 && segments[segments.length - 1] === '' ? segments.slice(0, -1) : segments;
  key = joinSplit(prefix, trimmed);
  // The index asks for the same keys again and again; the cache is dropped whole when it grows large.
  if (KEYS.size >= MAX_KEYS) KEYS.clear();
  KEYS.set(uri, key);
  return key;
}

const KEYS = new Map<string, string>();
const MAX_KEYS = 50_000;

/** A child of a directory URI. */
export function joinUri(directory: string, name: string): string {
  return `${directory.replace(/\/+$/, '')}/${encodeSegment(name)}`;
}

/** The directory a URI is in (the URI itself for a root). */
export function parentUri(uri: string): string {
  const { prefix, segments } = splitUri(uri.replace(/\/+$/, ''));
  if (segments.length <= 2) return joinSplit(prefix, segments.length === 2 ? ['', ''] : segments);
  return joinSplit(prefix, segments.slice(0, -1));
}

/** The last path segment, decoded. */
export function baseName(uri: string): string {
  const { segments } = splitUri(uri.replace(/\/+$/, ''));
  return segments[segments.length - 1] ?? '';
}

/** A `file:` URI for an absolute POSIX path. */
export function fileUri(path: string): string {
  return joinSplit('file://', path.replace(/\/+$/, '').split('/'));
}

/** The POSIX path of a `file:` URI, or undefined for another scheme. */
export function filePath(uri: string): string | undefined {
  const { prefix, segments } = splitUri(uri);
  if (prefix !== 'file://') return undefined;
  return segments.join('/') || '/';
}

/** Whether `uri` is `root` or lies under it. */
export function isInside(uri: string, root: string): boolean {
  const a = uriKey(uri);
  const b = uriKey(root);
  return a === b || a.startsWith(b.endsWith('/') ? b : `${b}/`);
}

/** A URI relative to a root, for display: `deploy/web.service`; the whole URI's path when it is not inside. */
export function relativePath(uri: string, root: string | undefined): string {
  const { segments } = splitUri(uri);
  if (root && isInside(uri, root)) {
    const depth = splitUri(root.replace(/\/+$/, '')).segments.length;
    return segments.slice(depth).join('/');
  }
  return segments.join('/');
}
