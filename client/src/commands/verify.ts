// "Verify with systemd-analyze": runs `systemd-analyze verify` on the saved unit file (opt-in setting, trusted
// workspace, explicit command) and shows what it prints as diagnostics with the source "systemd-analyze".
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { displayCommand, verifyCommand } from './commandLines';
import { printable, unitOfPath } from './unitNames';
import { parseVerifyOutput, type VerifyFinding } from './verifyOutput';

export const VERIFY_SOURCE = 'systemd-analyze';
const ENABLE_SETTING = 'systemdAnalyze.enable';
const TIMEOUT_MS = 60_000;

interface Outcome {
  readonly output: string;
  readonly exitCode: number | null;
  readonly error?: string;
}

function run(argv: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      argv[0]!,
      argv.slice(1),
      { cwd: homedir(), timeout: TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, shell: false, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const output = `${stderr}\n${stdout}`;
        if (!error) return resolve({ output, exitCode: 0 });
        const code = (error as { code?: unknown }).code;
        if (code === 'ENOENT') return resolve({ output, exitCode: null, error: `${argv[0]} was not found on PATH` });
        if (error.killed) return resolve({ output, exitCode: null, error: `${argv[0]} took too long and was stopped` });
        resolve({ output, exitCode: typeof code === 'number' ? code : null });
      },
    );
  });
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
} as const;

function rangeOf(uri: vscode.Uri, line: number | undefined): vscode.Range {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const index = Math.max(0, (line ?? 1) - 1);
  if (!document) return new vscode.Range(index, 0, index, 0);
  const clamped = Math.min(index, Math.max(0, document.lineCount - 1));
  return document.lineAt(clamped).range;
}

export function registerVerify(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  mayRun: () => Promise<boolean>,
): void {
  const collection = vscode.languages.createDiagnosticCollection(VERIFY_SOURCE);
  /** The files each verified unit's last run put diagnostics on, to clear them on the next run. */
  const touched = new Map<string, vscode.Uri[]>();
  context.subscriptions.push(
    collection,
    // Lines move as the file is edited; old findings would point at the wrong place, so they go until the next run.
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && collection.has(event.document.uri)) collection.delete(event.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => collection.delete(document.uri)),
    vscode.commands.registerCommand('systemdUnits.systemdAnalyze.verify', async (arg?: unknown) => {
      if (!(await mayRun())) return undefined;
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!vscode.workspace.getConfiguration('systemdUnits', uri).get<boolean>(ENABLE_SETTING, false)) {
        const open = 'Open Settings';
        void vscode.window
          .showInformationMessage(
            'Running systemd-analyze is off. Turn on systemdUnits.systemdAnalyze.enable to use it.',
            open,
          )
          .then((answer) =>
            answer === open
              ? vscode.commands.executeCommand('workbench.action.openSettings', `systemdUnits.${ENABLE_SETTING}`)
              : undefined,
          );
        return undefined;
      }
      if (!uri || uri.scheme !== 'file') {
        void vscode.window.showErrorMessage('systemd-analyze verifies unit files saved on this machine.');
        return undefined;
      }
      const target = unitOfPath(uri.path);
      if (typeof target === 'string') {
        void vscode.window.showErrorMessage(`systemd-analyze cannot verify this file: ${target}.`);
        return undefined;
      }
      let file = uri.fsPath;
      if (target.dropIn) {
        // A drop-in is read with its unit: verify the unit file next to the drop-in directory, which picks it up.
        file = path.join(path.dirname(path.dirname(file)), target.unit.name);
        if (!existsSync(file)) {
          void vscode.window.showErrorMessage(
            `A drop-in is verified with its unit, and ${target.unit.name} is not next to ${printable(path.basename(path.dirname(uri.fsPath)))}.`,
          );
          return undefined;
        }
      }
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document?.isDirty && !(await document.save())) return undefined;
      const command = verifyCommand(file);
      if (typeof command === 'string') {
        void vscode.window.showErrorMessage(command);
        return undefined;
      }
      log.info(`$ ${displayCommand(command.argv)}`);
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'systemd-analyze verify' },
        () => run(command.argv),
      );
      if (outcome.error) {
        log.error(outcome.error);
        void vscode.window.showErrorMessage(`systemd-analyze verify: ${outcome.error}.`);
        return undefined;
      }
      log.info(`systemd-analyze exited with status ${outcome.exitCode}:\n${outcome.output.trim()}`);
      const findings = parseVerifyOutput(outcome.output, {
        file,
        unit: target.dropIn ? target.unit.name : path.basename(file),
        exitCode: outcome.exitCode,
      });
      const verified = vscode.Uri.file(file);
      const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
      for (const finding of findings) {
        // A message about the unit as a whole goes on the file the user asked about.
        const at = finding.file ? vscode.Uri.file(finding.file) : uri;
        const entry = byFile.get(at.toString()) ?? { uri: at, diagnostics: [] };
        const diagnostic = new vscode.Diagnostic(
          rangeOf(at, finding.line),
          finding.message,
          SEVERITY[finding.severity],
        );
        diagnostic.source = VERIFY_SOURCE;
        entry.diagnostics.push(diagnostic);
        byFile.set(at.toString(), entry);
      }
      for (const old of touched.get(verified.toString()) ?? []) collection.delete(old);
      collection.set(uri, []);
      for (const { uri: at, diagnostics } of byFile.values()) collection.set(at, diagnostics);
      touched.set(verified.toString(), [uri, ...[...byFile.values()].map((entry) => entry.uri)]);
      const summary = summarise(findings, outcome.exitCode);
      void vscode.window.showInformationMessage(summary);
      return { exitCode: outcome.exitCode, findings };
    }),
  );
}

function summarise(findings: readonly VerifyFinding[], exitCode: number | null): string {
  if (findings.length === 0) return 'systemd-analyze verify found nothing to report.';
  const noun = findings.length === 1 ? 'message' : 'messages';
  const verdict = exitCode === 0 ? 'no errors' : `errors (exit status ${exitCode ?? 'unknown'})`;
  return `systemd-analyze verify printed ${findings.length} ${noun}, ${verdict}; see the Problems panel.`;
}
