// A fixed-height viewport on a log, marked like Packer's output ("==> " for says and errors,
// an indent for messages): stderr and errors in red, says in bold. Long lines wrap (an error
// is read whole), search matches are highlighted, -timestamp-ui puts the time first, and the
// merged view names each line's build.
import { Box, Text } from 'ink';
import type { LogLine } from '../log-ring.js';
import { cutColumns } from '../../components/wrap.js';

export function lineColor(line: LogLine): string | undefined {
  if (line.stream === 'stderr' || line.level === 'error') return 'red';
  return undefined;
}

export interface PaneOptions {
  timestamps?: boolean;
  /** Prefix each line with its build (merged view). */
  showBuild?: boolean;
  /** Case-insensitive text to highlight. */
  needle?: string;
  /** Lines read back from a log file carry their own marks. */
  raw?: boolean;
}

function clock(time: number | undefined): string {
  if (time === undefined) return '';
  const d = new Date(time);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} `;
}

export function lineText(line: LogLine, o: PaneOptions): string {
  if (o.raw) return line.text;
  const mark = line.level === 'message' ? '    ' : '==> ';
  return `${o.timestamps ? clock(line.time) : ''}${mark}${o.showBuild && line.build ? `${line.build}: ` : ''}${line.text}`;
}

/** Any character outside ASCII: only such a line may take other than a column a character. */
// eslint-disable-next-line no-control-regex
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * Cuts text into rows of at most width terminal columns. The flood of build output is ASCII, cut by length (a
 * column a character, cheap); a line with any other character (CJK, an emoji) is measured as Ink measures it.
 */
export function wrapRows(text: string, width: number): string[] {
  if (width <= 0) return [''];
  if (NOT_ASCII.test(text)) return cutColumns(text, width);
  if (text.length <= width) return [text];
  const rows: string[] = [];
  for (let i = 0; i < text.length; i += width) rows.push(text.slice(i, i + width));
  return rows;
}

interface Row {
  key: string;
  text: string;
  line: LogLine;
}

/** The rows the pane shows: the given lines wrapped, keeping the last `height` rows. */
export function paneRows(lines: LogLine[], width: number, height: number, o: PaneOptions): Row[] {
  const rows: Row[] = [];
  for (let i = lines.length - 1; i >= 0 && rows.length < height; i--) {
    const line = lines[i]!;
    // A line may hold newlines (an error of several lines): a row a part, or the pane outgrows its height.
    const text = lineText(line, o);
    const wrapped = text.includes('\n') ? text.split('\n').flatMap((part) => wrapRows(part, width)) : wrapRows(text, width);
    for (let j = wrapped.length - 1; j >= 0 && rows.length < height; j--) {
      rows.push({ key: `${line.seq}.${j}`, text: wrapped[j]!, line });
    }
  }
  return rows.reverse();
}

function Highlighted(props: { text: string; needle?: string }): React.JSX.Element {
  const { text, needle } = props;
  if (!needle) return <>{text || ' '}</>;
  const lower = text.toLowerCase();
  const parts: React.JSX.Element[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, at)) {
    if (i > at) parts.push(<Text key={`t${at}`}>{text.slice(at, i)}</Text>);
    parts.push(
      <Text key={`m${i}`} inverse color="yellow">
        {text.slice(i, i + needle.length)}
      </Text>,
    );
    at = i + needle.length;
  }
  if (at < text.length) parts.push(<Text key={`t${at}`}>{text.slice(at)}</Text>);
  return <>{parts}</>;
}

export function LogPane(props: { lines: LogLine[]; width: number; height: number } & PaneOptions): React.JSX.Element {
  const { lines, width, height, ...o } = props;
  const rows = paneRows(lines, width, height, o);
  return (
    <Box flexDirection="column" height={height} width={width}>
      {rows.map((row) => (
        <Text key={row.key} color={lineColor(row.line)} bold={row.line.level === 'say'} wrap="truncate-end">
          <Highlighted text={row.text} needle={o.needle} />
        </Text>
      ))}
    </Box>
  );
}
