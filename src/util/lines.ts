// Splits a byte stream into lines (without the newline), keeping partial UTF-8 sequences whole.
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private decoder = new StringDecoder('utf8');
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    // Lines are cut out of the chunk as it is (joining it to the rest first would copy the
    // whole chunk): only the first line takes the rest of the chunk before.
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      let line = text.slice(start, nl);
      if (this.rest !== '') {
        line = this.rest + line;
        this.rest = '';
      }
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = nl + 1;
    }
    if (start < text.length) this.rest += text.slice(start);
  }

  /** Emits what is left after the last newline. */
  end(): void {
    const text = this.rest + this.decoder.end();
    this.rest = '';
    if (text !== '') this.onLine(text.endsWith('\r') ? text.slice(0, -1) : text);
  }
}
