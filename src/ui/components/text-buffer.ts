// The text of an input field and its cursor, changed in place. Input handlers mutate it synchronously, so
// keys that arrive in the same tick (fast typing, a paste) all land, whatever React has rendered yet.
export class TextBuffer {
  text: string;
  cursor: number;

  constructor(text = '') {
    this.text = text;
    this.cursor = text.length;
  }

  set(text: string): void {
    this.text = text;
    this.cursor = text.length;
  }

  insert(s: string): void {
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += s.length;
  }

  backspace(): void {
    if (this.cursor === 0) return;
    this.text = this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor);
    this.cursor--;
  }

  left(): void {
    this.cursor = Math.max(0, this.cursor - 1);
  }

  right(): void {
    this.cursor = Math.min(this.text.length, this.cursor + 1);
  }

  home(): void {
    this.cursor = this.text.lastIndexOf('\n', this.cursor - 1) + 1;
  }

  /** Ctrl-U: deletes from the start of the cursor's line to the cursor. */
  killStart(): void {
    const start = this.text.lastIndexOf('\n', this.cursor - 1) + 1;
    this.text = this.text.slice(0, start) + this.text.slice(this.cursor);
    this.cursor = start;
  }

  /** Ctrl-K: deletes from the cursor to the end of its line. */
  killEnd(): void {
    const nl = this.text.indexOf('\n', this.cursor);
    this.text = this.text.slice(0, this.cursor) + (nl === -1 ? '' : this.text.slice(nl));
  }

  /** Ctrl-W: deletes the word before the cursor and the spaces after it, as a shell does. */
  killWord(): void {
    let start = this.cursor;
    while (start > 0 && /[ \t]/.test(this.text[start - 1]!)) start--;
    while (start > 0 && !/[ \t\n]/.test(this.text[start - 1]!)) start--;
    this.text = this.text.slice(0, start) + this.text.slice(this.cursor);
    this.cursor = start;
  }

  end(): void {
    const nl = this.text.indexOf('\n', this.cursor);
    this.cursor = nl === -1 ? this.text.length : nl;
  }
}
