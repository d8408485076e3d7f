// Whether to colour, and a terminal stream that drops colour codes. Ink colours through
// chalk, which ignores NO_COLOR; rather than thread a switch through every component, the
// Ink apps write through colourless() when colour is off: bold, dim and inverse stay (they
// carry selection and emphasis), every foreground and background colour goes.

/** Colour is on unless -color=false, NO_COLOR (any value) or a terminal without colours says no. */
export function colorWanted(flag: boolean | undefined, stream: NodeJS.WriteStream = process.stdout, env = process.env): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return typeof stream.hasColors === 'function' ? stream.hasColors() : stream.isTTY === true;
}

// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[([0-9;:]*)m/g;

function isColour(n: number): boolean {
  return (n >= 30 && n <= 39) || (n >= 40 && n <= 49) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107);
}

/** Removes colour parameters from every SGR sequence, keeping the others (bold, inverse, reset...). */
export function stripColor(text: string): string {
  if (!text.includes('\x1b[')) return text;
  return text.replace(SGR, (whole, params: string) => {
    if (params === '') return whole;
    const parts = params.split(';');
    const kept: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const n = Number(parts[i]!.split(':')[0]);
      if (n === 38 || n === 48 || n === 58) {
        // Extended colour: 38;5;N or 38;2;R;G;B (or the colon form in one part).
        if (!parts[i]!.includes(':')) i += parts[i + 1] === '5' ? 2 : parts[i + 1] === '2' ? 4 : 0;
        continue;
      }
      if (!isColour(n)) kept.push(parts[i]!);
    }
    return kept.length > 0 ? `\x1b[${kept.join(';')}m` : '';
  });
}

/** The same stream (size, resize events, raw mode) whose writes lose their colour codes. */
export function colourless<T extends NodeJS.WriteStream>(stream: T): T {
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (stream.write as (...a: unknown[]) => boolean)(typeof chunk === 'string' ? stripColor(chunk) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
