// Splits a byte stream into lines (without the newline), keeping partial UTF-8 sequences whole.
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private decoder = new StringDecoder('utf8');
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split('\n');
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.onLine(p.endsWith('\r') ? p.slice(0, -1) : p);
  }

  /** Emits what is left after the last newline. */
  end(): void {
    const text = this.rest + this.decoder.end();
    this.rest = '';
    if (text !== '') this.onLine(text.endsWith('\r') ? text.slice(0, -1) : text);
  }
}
