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

  end(): void {
    const nl = this.text.indexOf('\n', this.cursor);
    this.cursor = nl === -1 ? this.text.length : nl;
  }
}
