// One integrated terminal, "systemd Units", that shows every command before it runs, runs it with
// child_process.spawn from its argument list (no shell), and keeps the output after the program ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { homedir } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import { displayCommand } from './commandLines';
import { HiddenLine } from './terminalInput';

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

/** The outcome of one program: its exit status, or null when it was stopped by a signal or could not start. */
export interface RunResult {
  readonly argv: readonly string[];
  readonly exitCode: number | null;
}

/** Lines for the terminal: xterm needs CR LF. */
function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

class CommandPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidClose = this.closeEmitter.event;

  private opened = false;
  private closed = false;
  private pending: string[] = [];
  private readonly whenOpened: Promise<void>;
  private resolveOpened!: () => void;
  private child: ChildProcess | undefined;
  private readonly input = new HiddenLine();
  private columns: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly onClosed: () => void) {
    this.whenOpened = new Promise((resolve) => (this.resolveOpened = resolve));
  }

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    this.opened = true;
    this.columns = dimensions?.columns;
    for (const text of this.pending) this.writeEmitter.fire(text);
    this.pending = [];
    this.resolveOpened();
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.columns = dimensions.columns;
  }

  close(): void {
    this.closed = true;
    this.child?.kill('SIGTERM');
    this.resolveOpened();
    this.onClosed();
  }

  /** Keys go to the running program's standard input a line at a time, unseen (see HiddenLine). */
  handleInput(data: string): void {
    const child = this.child;
    if (!child) return;
    for (const action of this.input.feed(data)) {
      if (action.kind === 'interrupt') child.kill('SIGINT');
      else if (action.kind === 'end') child.stdin?.end();
      else if (action.kind === 'send') child.stdin?.write(action.text);
      else this.write('\r\n');
    }
  }

  write(text: string): void {
    if (this.closed) return;
    if (this.opened) this.writeEmitter.fire(text);
    else this.pending.push(text);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs the commands one after another once the terminal is open, stopping at the first that fails. */
  runSequence(commands: readonly (readonly string[])[]): Promise<RunResult[]> {
    const run = this.queue.then(async () => {
      await this.whenOpened;
      const results: RunResult[] = [];
      for (const argv of commands) {
        if (this.closed) break;
        const result = await this.runOne(argv);
        results.push(result);
        if (result.exitCode !== 0) {
          if (commands.length > 1 && argv !== commands[commands.length - 1]) {
            this.write(`${RED}Stopped: the remaining commands were not run.${RESET}\r\n`);
          }
          break;
        }
      }
      this.write('\r\n');
      return results;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private runOne(argv: readonly string[]): Promise<RunResult> {
    this.write(`${BOLD}$ ${toTerminal(displayCommand(argv))}${RESET}\r\n`);
    return new Promise((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, SYSTEMD_COLORS: '1' };
      if (this.columns) env.COLUMNS = String(this.columns);
      let child: ChildProcess;
      try {
        child = spawn(argv[0]!, argv.slice(1), { cwd: homedir(), env, shell: false, stdio: 'pipe' });
      } catch (error) {
        this.write(`${RED}Could not run ${argv[0]}: ${String(error)}${RESET}\r\n`);
        resolve({ argv, exitCode: null });
        return;
      }
      this.child = child;
      this.input.clear();
      let settled = false;
      const finish = (exitCode: number | null, note: string) => {
        if (settled) return;
        settled = true;
        this.child = undefined;
        this.write(`${DIM}${note}${RESET}\r\n`);
        resolve({ argv, exitCode });
      };
      for (const stream of [child.stdout, child.stderr]) {
        const decoder = new StringDecoder('utf8');
        stream?.on('data', (chunk: Buffer) => this.write(toTerminal(decoder.write(chunk))));
        stream?.on('end', () => this.write(toTerminal(decoder.end())));
      }
      child.stdin?.on('error', () => undefined); // the program may exit without reading its input
      child.on('error', (error) => {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        finish(null, missing ? `${argv[0]} was not found on PATH.` : `Could not run ${argv[0]}: ${error.message}`);
      });
      child.on('close', (code, signal) =>
        finish(code, signal ? `[stopped by ${signal}]` : `[exit status ${code ?? 'unknown'}]`),
      );
    });
  }
}

/** The "systemd Units" terminal, created on first use and again after the user closes it. */
export class CommandTerminal implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private pty: CommandPty | undefined;

  /** Shows the terminal and runs the commands in it; resolves with each program's outcome when they are done. */
  run(commands: readonly (readonly string[])[]): Promise<RunResult[]> {
    if (!this.pty || this.pty.isClosed || !this.terminal) {
      const pty = new CommandPty(() => {
        if (this.pty === pty) {
          this.pty = undefined;
          this.terminal = undefined;
        }
      });
      this.pty = pty;
      this.terminal = vscode.window.createTerminal({
        name: 'systemd Units',
        pty,
        iconPath: new vscode.ThemeIcon('server-process'),
      });
    }
    this.terminal.show(true);
    return this.pty.runSequence(commands);
  }

  dispose(): void {
    this.terminal?.dispose();
    this.terminal = undefined;
    this.pty = undefined;
  }
}
