// What the keys typed into the "systemd Units" terminal mean while a program runs. Pure, for the tests.

export type InputAction =
  | { readonly kind: 'send'; readonly text: string }
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'end' }
  | { readonly kind: 'newline' };

/**
 * Collects a line of input without showing it: the only program that reads the terminal is sudo asking for a
 * password. Enter sends the line, Backspace takes back a character, Ctrl+C interrupts, Ctrl+D ends the input;
 * escape sequences (arrow keys and the like) are dropped whole.
 */
export class HiddenLine {
  private text = '';

  feed(data: string): InputAction[] {
    const actions: InputAction[] = [];
    for (let i = 0; i < data.length; i++) {
      const key = data[i]!;
      if (key === '\x1b') {
        // CSI (ESC [ … final) or SS3 (ESC O x): skip the sequence.
        if (data[i + 1] === '[') {
          i += 2;
          while (i < data.length && !/[@-~]/.test(data[i]!)) i++;
        } else if (data[i + 1] === 'O') {
          i += 2;
        }
      } else if (key === '\x03') {
        this.text = '';
        actions.push({ kind: 'interrupt' });
      } else if (key === '\x04') {
        actions.push({ kind: 'end' });
      } else if (key === '\r' || key === '\n') {
        actions.push({ kind: 'send', text: this.text + '\n' }, { kind: 'newline' });
        this.text = '';
      } else if (key === '\x7f' || key === '\b') {
        this.text = [...this.text].slice(0, -1).join('');
      } else if (key >= ' ') {
        this.text += key;
      }
    }
    return actions;
  }

  clear(): void {
    this.text = '';
  }
}
