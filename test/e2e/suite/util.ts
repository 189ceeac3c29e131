// Web-safe helpers (no node built-ins): shared by the node and the web worker runs of the suite.
import * as vscode from 'vscode';
import * as assert from './assert';

export const EXTENSION_ID = 'systemd-units.systemd-units';
export const LANGUAGE_ID = 'systemd-unit';

/** How long any single wait may take; CI machines are slow, but nothing here should take more than seconds. */
export const DEADLINE_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined, or fails with `what` after `ms`. */
export async function poll<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = DEADLINE_MS) {
  const end = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > end) {
      throw new Error(`Timed out after ${ms} ms waiting for ${what}` + (lastError ? `: ${String(lastError)}` : ''));
    }
    await sleep(100);
  }
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function open(...segments: string[]): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  await vscode.window.showTextDocument(document);
  return document;
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(
    diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${codeOf(d)} sev=${d.severity}`),
  );
}

/**
 * Waits until the diagnostics of `uri` satisfy `accept`: checks now, then on every onDidChangeDiagnostics event for
 * the document, and fails at the deadline with the last diagnostics seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  ms = DEADLINE_MS,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve(vscode.languages.getDiagnostics(uri));
    };
    const check = () => {
      if (accept(vscode.languages.getDiagnostics(uri))) finish();
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(
      () =>
        finish(
          new Error(
            `Timed out after ${ms} ms waiting for ${what} in ${uri.path}; last diagnostics: ` +
              describeDiagnostics(vscode.languages.getDiagnostics(uri)),
          ),
        ),
      ms,
    );
    check();
  });
}

export function hasCode(code: string) {
  return (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.some((d) => codeOf(d) === code);
}

export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}
