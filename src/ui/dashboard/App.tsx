// The live dashboard: header, build tabs (or an overview of every build), step lists,
// transfers, prompts, the log pane and the footer, laid out to the terminal's size. When the
// run ends it draws nothing and exits; mountDashboard then writes the final frame as text.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, useStdin, useStdout, type Key } from 'ink';
import type { BuildView, DashboardStore, Question } from './store.js';
import type { LogLine } from './log-ring.js';
import { scrollBy, scrollHome, toggleFollow, visibleLines, type ScrollState } from './viewport.js';
import { Header } from './components/Header.js';
import { BuildTabs } from './components/BuildTabs.js';
import { StepList } from './components/StepList.js';
import { ProgressBar } from './components/ProgressBar.js';
import { LogPane } from './components/LogPane.js';
import { Footer } from './components/Footer.js';
import { PromptBox } from './components/PromptBox.js';
import { Overview } from './components/Overview.js';
import { detailHeader, StepDetailHeader } from './components/StepDetail.js';
import { HelpPane, HELP_KEYS } from './components/HelpPane.js';
import { fit } from './format.js';
import { computeLayout } from './layout.js';
import { readLogFile } from './log-file.js';
import { findMatches, nextMatch, scrollToLine } from './search.js';

export interface AppProps {
  store: DashboardStore;
  answer(id: string, key: string): void;
  onCancel(): void;
  /**
   * Ctrl-C again while the cleanups run: the run's interrupt, as a signal is (the second says the cleanups still
   * run, the third quits listing what is left), so that a hanging cleanup never holds the terminal.
   */
  onInterrupt?(): void;
  logFiles(): Record<string, string | undefined>;
  /** Redraw interval for spinners and clocks (throttled with the store's changes). */
  tickMs?: number;
  /** -timestamp-ui: the time before every log line. */
  timestamps?: boolean;
}

type Mode = 'normal' | 'confirm' | 'cancelling';
/** What the log area shows. */
type Source = 'build' | 'merged' | 'step' | 'file';

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

/** Prefers "clean up" when the run is cancelled while the engine waits for an answer. */
function cancelChoice(q: Question): string {
  const clean = q.choices.find((c) => c.role === 'cleanup' || c.role === 'abort');
  return (clean ?? q.choices[q.choices.length - 1]!).key;
}

/**
 * The choice a question selects when it comes, which Enter answers: retry (the failed step runs again and asks
 * again should it fail), a pause's continue, else the first that neither cleans up nor ends the run. Never
 * 'Clean up and exit': it removes the machine someone may have pressed Enter to read about. -1: nothing.
 */
export function defaultChoice(q: Pick<Question, 'choices'>): number {
  for (const role of ['retry', 'continue'] as const) {
    const i = q.choices.findIndex((c) => c.role === role);
    if (i >= 0) return i;
  }
  return q.choices.findIndex((c) => c.role !== 'cleanup' && c.role !== 'abort');
}

export function App(props: AppProps): React.JSX.Element | null {
  const { store, answer, onCancel, onInterrupt, logFiles, tickMs = 250, timestamps = false } = props;
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const { columns, rows } = useTerminalSize();
  const [, setVersion] = useState(0);
  const [selectedBuild, setSelectedBuild] = useState(0);
  const [selectedStep, setSelectedStep] = useState(-1);
  const [scroll, setScroll] = useState<ScrollState>({ follow: true });
  const [search, setSearch] = useState('');
  const [editingSearch, setEditingState] = useState(false);
  const [mode, setModeState] = useState<Mode>('normal');
  const [notice, setNotice] = useState('');
  const [highlight, setHighlightState] = useState(0);
  const [source, setSourceState] = useState<Source>('build');
  const [help, setHelp] = useState(false);
  /** undefined: the overview shows by itself when the builds do not fit side by side. */
  const [overviewChoice, setOverviewChoice] = useState<boolean | undefined>(undefined);
  const [fileLines, setFileLines] = useState<LogLine[]>([]);
  // Typed characters can arrive faster than React re-renders: keep the search in a ref too.
  // Keys can also arrive before React has re-rendered (and before useInput sees the new
  // handler), so the handler reads modes from refs set at once and questions from the store.
  const searchRef = useRef('');
  const modeRef = useRef<Mode>('normal');
  const editingRef = useRef(false);
  const highlightRef = useRef(0);
  const sourceRef = useRef<Source>('build');
  /** Once the person picks a build, a failure elsewhere no longer takes the pane. */
  const chosenRef = useRef(false);
  const setMode = (m: Mode) => {
    modeRef.current = m;
    setModeState(m);
  };
  const setEditingSearch = (on: boolean) => {
    editingRef.current = on;
    setEditingState(on);
  };
  // Whether the person moved the highlight (←→) since picking a step (↑↓): with a step picked, Enter opens it
  // (the person wants to read before choosing) unless they then chose; a pause ("continue") is answered at once.
  const choseRef = useRef(false);
  const setHighlight = (h: number, chosen = true) => {
    highlightRef.current = h;
    choseRef.current = chosen;
    setHighlightState(h);
  };
  const setSource = (s: Source) => {
    sourceRef.current = s;
    setSourceState(s);
  };

  useEffect(() => store.subscribe(() => setVersion((v) => v + 1)), [store]);
  useEffect(() => {
    if (store.runEnd) return;
    // Clocks and spinners go through the store's throttle too, so output and ticks together
    // still draw at most one frame per throttle period.
    const t = setInterval(() => store.changed(), tickMs);
    return () => clearInterval(t);
  }, [store, tickMs, store.runEnd]);

  const builds = store.buildList;
  const question = store.questions[0];
  const ended = store.runEnd !== undefined;

  // A new question selects its build and highlights its first choice. Adjusted during render
  // (not in an effect) so a key pressed right after the question cannot race the reset.
  const [seenQuestion, setSeenQuestion] = useState<string | undefined>(undefined);
  if (question && question.id !== seenQuestion) {
    setSeenQuestion(question.id);
    setHighlight(defaultChoice(question), false);
    const i = builds.findIndex((b) => b.name === question.build);
    if (i >= 0 && i !== selectedBuild) {
      setSelectedBuild(i);
      setSelectedStep(-1);
      setScroll({ follow: true });
    }
  }
  // The first build to fail takes the log pane (its error ends it) until the person picks one.
  const firstFailed = builds.findIndex((b) => b.status === 'failed');
  if (!chosenRef.current && !question && firstFailed >= 0 && firstFailed !== selectedBuild && !ended) {
    chosenRef.current = true;
    setSelectedBuild(firstFailed);
    setSelectedStep(-1);
    setScroll({ follow: true });
  }
  const build: BuildView | undefined = builds[Math.min(selectedBuild, builds.length - 1)];

  useEffect(() => {
    if (ended) exit();
  }, [ended]);

  const transfers = builds.flatMap((b) => [...b.transfers.values()].filter((t) => !t.done).map((t) => ({ build: b.name, t }))).slice(0, 3);
  const fitsSideBySide = computeLayout({ columns, rows, buildCount: builds.length, stepCounts: () => [1], transfers: 0, prompt: false, notice: false }).sideBySide;
  const overview = builds.length > 1 && (overviewChoice ?? !fitsSideBySide);
  const stepRow = build && selectedStep >= 0 ? build.steps[selectedStep] : undefined;
  const detailRows = source === 'step' && stepRow ? detailHeader(stepRow, store.now(), Math.max(20, columns - 1)).length : 0;
  const { width, height, sideBySide, columnWidth, stepsHeight, logHeight: paneHeight } = computeLayout({
    columns,
    rows,
    buildCount: overview ? 1 : builds.length,
    stepCounts: (side) => (overview ? [builds.length + 2] : (side ? builds : build ? [build] : []).map((b) => b.steps.length)),
    transfers: transfers.length,
    prompt: question !== undefined || mode !== 'normal',
    notice: notice !== '',
  });
  const detailHeight = Math.min(detailRows, Math.max(1, Math.floor(paneHeight / 2)));
  const logHeight = Math.max(1, paneHeight - detailHeight);
  const shownBuilds = overview ? [] : sideBySide ? builds : build ? [build] : [];

  const logPaths = logFiles();
  const logPath = build ? logPaths[build.name] : undefined;
  const needle = search.toLowerCase();
  const lines: LogLine[] = useMemo(() => {
    if (source === 'file') return fileLines;
    if (source === 'merged') return store.merged.lines();
    if (!build) return [];
    if (source === 'step' && stepRow) return build.logs.lines((l) => l.step === stepRow.id);
    const stepFilter = selectedStep >= 0 ? stepRow?.id : undefined;
    return stepFilter ? build.logs.lines((l) => l.step === stepFilter) : build.logs.lines();
    // The rings change in place; read them again on every store version.
  }, [build, source, stepRow, selectedStep, fileLines, store.version]);
  const paneOptions = { timestamps: timestamps && source !== 'file', showBuild: source === 'merged', raw: source === 'file' };
  const matches = useMemo(() => (needle ? findMatches(lines, needle, paneOptions) : []), [lines, needle, timestamps, source]);
  const view = visibleLines(lines, logHeight, scroll);

  function resetView(): void {
    setScroll({ follow: true });
  }

  function selectBuild(next: (current: number) => number): void {
    const n = builds.length;
    if (n === 0) return;
    chosenRef.current = true;
    setSelectedBuild((current) => ((next(current) % n) + n) % n);
    setSelectedStep(-1);
    if (sourceRef.current !== 'merged') setSource('build');
    resetView();
  }

  function confirmCancel(): void {
    setMode('cancelling');
    setNotice('cancelling: cleaning up…');
    for (const q of [...store.questions]) answer(q.id, cancelChoice(q));
    onCancel();
  }

  function jump(direction: 1 | -1): void {
    if (matches.length === 0) return;
    const bottom = view.shown[view.shown.length - 1];
    const target = nextMatch(matches, lines, scroll.follow ? undefined : scroll.anchorSeq ?? bottom?.seq, direction);
    setScroll(scrollToLine(lines, logHeight, target));
  }

  function openFile(): void {
    if (!logPath || logPath.endsWith('/')) {
      setNotice(logPath ? `no log file yet in ${logPath}` : 'no log file for this run (use -log-dir)');
      return;
    }
    const read = readLogFile(logPath);
    setFileLines(read);
    setSource('file');
    setScroll(scrollHome(read, logHeight));
  }

  const onKey = (input: string, key: Key): void => {
    if (store.runEnd) return;
    const mode = modeRef.current;
    const question = store.questions[0];
    if (key.ctrl && input === 'c') {
      if (mode === 'normal') setMode('confirm');
      else if (mode === 'confirm') confirmCancel();
      else {
        onInterrupt?.();
        setNotice('cleaning up… (wait for it to finish; Ctrl-C again quits without them)');
      }
      return;
    }
    if (mode === 'confirm') {
      if (input === 'y' || input === 'Y') confirmCancel();
      else if (input === 'n' || input === 'N' || key.escape) setMode('normal');
      return;
    }
    if (editingRef.current) {
      if (key.return) setEditingSearch(false);
      else if (key.escape) {
        searchRef.current = '';
        setSearch('');
        setEditingSearch(false);
      } else if (key.backspace || key.delete) {
        searchRef.current = searchRef.current.slice(0, -1);
        setSearch(searchRef.current);
      } else if (input && !key.ctrl && !key.meta) {
        searchRef.current += input;
        setSearch(searchRef.current);
      }
      return;
    }
    if (question) {
      const choice = question.choices.findIndex((c) => c.key.toLowerCase() === input.toLowerCase());
      if (choice >= 0) return answer(question.id, question.choices[choice]!.key);
      // Otherwise Enter does what the footer says (a step's detail): the person may want to read before choosing.
      const highlighted = question.choices[highlightRef.current];
      if (key.return && highlighted && (choseRef.current || selectedStep < 0 || highlighted.role === 'continue')) {
        return answer(question.id, highlighted.key);
      }
      if (key.leftArrow) return setHighlight(Math.max(0, highlightRef.current - 1));
      if (key.rightArrow) return setHighlight(Math.min(question.choices.length - 1, highlightRef.current + 1));
    }
    if (input === '?') return setHelp((h) => !h);
    if (key.tab) return selectBuild((current) => current + (key.shift ? -1 : 1));
    if (/^[1-9]$/.test(input) && Number(input) <= builds.length) return selectBuild(() => Number(input) - 1);
    if (key.upArrow || key.downArrow) {
      const delta = key.upArrow ? -1 : 1;
      if (overview) return selectBuild((current) => Math.max(0, Math.min(builds.length - 1, current + delta)));
      setSelectedStep((s) => Math.max(-1, Math.min((build?.steps.length ?? 0) - 1, s + delta)));
      choseRef.current = false;
      if (sourceRef.current === 'file' || sourceRef.current === 'merged') setSource('build');
      return resetView();
    }
    if (key.return) {
      if (overview) {
        setOverviewChoice(false);
        return;
      }
      if (selectedStep >= 0) {
        setSource(sourceRef.current === 'step' ? 'build' : 'step');
        return resetView();
      }
      return;
    }
    if (key.pageUp) return setScroll((s) => scrollBy(lines, logHeight, s, -(logHeight - 1)));
    if (key.pageDown) return setScroll((s) => scrollBy(lines, logHeight, s, logHeight - 1));
    if (key.home) return setScroll(scrollHome(lines, logHeight));
    if (key.end) return setScroll({ follow: true });
    if (input === 'f') return setScroll((s) => toggleFollow(lines, s));
    if (input === 'o' && builds.length > 1) return setOverviewChoice(!overview);
    if (input === 'm' && builds.length > 1) {
      setSource(sourceRef.current === 'merged' ? 'build' : 'merged');
      return resetView();
    }
    if (input === 'l') {
      if (sourceRef.current === 'file') {
        setSource('build');
        return resetView();
      }
      return openFile();
    }
    if (input === 'n' && searchRef.current) return jump(1);
    if (input === 'N' && searchRef.current) return jump(-1);
    if (input === '/') {
      searchRef.current = '';
      setSearch('');
      setEditingSearch(true);
      return;
    }
    if (key.escape) {
      if (help) return setHelp(false);
      if (sourceRef.current !== 'build') {
        setSource('build');
        return resetView();
      }
      setSelectedStep(-1);
      searchRef.current = '';
      setSearch('');
      setNotice('');
      return resetView();
    }
    if (input === 'q' && mode === 'normal') setMode('confirm');
    else if (input === 'q' && mode === 'cancelling') setNotice('cleaning up… (cleanup keeps running; wait for it to finish)');
  };
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  useInput((input, key) => onKeyRef.current(input, key), { isActive: isRawModeSupported === true });

  // The final frame is written as text once Ink has gone (see index.tsx).
  if (store.runEnd) return null;

  const now = store.now();
  const what =
    source === 'file'
      ? `file ${logPath ?? ''}`
      : source === 'merged'
        ? 'all builds'
        : source === 'step' && stepRow
          ? `${build?.name ?? ''} · step ${stepRow.title}`
          : `${build?.name ?? ''} · ${stepRow ? stepRow.title : 'all steps'}`;
  const found = needle ? ` · /${search}${editingSearch ? '▏' : ''} ${matches.length === 0 ? 'no match' : `${matchPosition(matches, lines, view.shown)}/${matches.length}`}` : editingSearch ? ' · /▏' : '';
  const where = source !== 'file' && logPath ? ` · ${logPath}` : '';
  const logTitle = `─ log: ${what} · ${scroll.follow ? 'following' : `paused (${view.below} newer)`}${found}${where} `;

  const footerKeys: [string, string][] = editingSearch
    ? [
        ['type', 'search'],
        ['Enter', 'keep'],
        ['Esc', 'clear'],
      ]
    : mode === 'confirm'
      ? [
          ['y', 'cancel the run'],
          ['n/Esc', 'keep going'],
        ]
      : [
          ...(question ? questionKeys(question, highlight, selectedStep >= 0 && !choseRef.current) : []),
          ...(builds.length > 1 ? ([['Tab/1-9', 'build']] as [string, string][]) : []),
          [overview || (question && !(selectedStep >= 0 && !choseRef.current)) ? '↑↓' : '↑↓ Enter', overview ? 'build' : 'step'],
          ['/', 'search'],
          ...(search ? ([['n/N', 'next/prev']] as [string, string][]) : []),
          ...(builds.length > 1 ? ([['o', 'overview'], ['m', 'merged']] as [string, string][]) : []),
          ['l', 'log file'],
          ['?', 'keys'],
          ...(mode === 'cancelling' ? [] : ([['q', 'cancel']] as [string, string][])),
        ];

  return (
    // The layout needs 10 rows at least; a shorter terminal (a split pane) keeps the title and the keys and cuts
    // the rows between them from the bottom: a frame as tall as the terminal would make Ink clear the screen,
    // scrollback included, at every redraw. The inner box keeps its layout (a shrunk Text would be drawn over its
    // neighbours); the middle one cuts it.
    <Box flexDirection="column" width={width} height={Math.min(height, Math.max(1, rows - 1))} overflow="hidden">
    <Box flexShrink={0}>
      <Header template={store.templatePath} elapsedMs={now - store.startedAt} counts={store.counts()} width={width} />
    </Box>
    <Box flexDirection="column" width={width} flexShrink={1} overflow="hidden">
    <Box flexDirection="column" width={width} height={height - 2} flexShrink={0}>
      {overview || help ? null : <BuildTabs builds={builds} selected={selectedBuild} now={now} />}
      {help ? null : overview ? (
        <Overview builds={builds} selected={selectedBuild} width={width} height={stepsHeight + 1} now={now} />
      ) : (
        <Box flexDirection="row" height={stepsHeight}>
          {shownBuilds.map((b) => (
            <Box key={b.name} marginRight={sideBySide ? 1 : 0}>
              <StepList
                build={b}
                width={columnWidth}
                height={stepsHeight}
                now={now}
                selectedStep={b === build ? selectedStep : -1}
                active={b === build}
              />
            </Box>
          ))}
        </Box>
      )}
      {transfers.map(({ build: name, t }) => (
        <ProgressBar key={`${name}/${t.id}`} transfer={builds.length > 1 ? { ...t, label: `${name}: ${t.label}` } : t} width={width} />
      ))}
      {mode === 'confirm' ? (
        <PromptBox
          title="Cancel the run? Running steps stop and cleanup runs."
          choices={[
            { key: 'y', label: 'yes, cancel' },
            { key: 'n', label: 'no, keep going' },
          ]}
          highlighted={-1}
          width={width}
          tone="warning"
        />
      ) : question ? (
        <PromptBox
          title={`${question.build ? `${question.build}: ` : ''}${question.prompt}${
            store.questions.length > 1 ? ` (${store.questions.length - 1} more waiting)` : ''
          }`}
          choices={question.choices}
          highlighted={highlight}
          width={width}
          tone="question"
        />
      ) : mode === 'cancelling' ? (
        <Box height={2}>
          <Text color="yellow">cleaning up…</Text>
        </Box>
      ) : null}
      {notice ? (
        <Text color="yellow" wrap="truncate-end">
          {fit(notice, width)}
        </Text>
      ) : null}
      <Text color="gray" wrap="truncate-end">
        {fit(logTitle + '─'.repeat(Math.max(0, width - logTitle.length)), width)}
      </Text>
      {help ? (
        // The keys take the steps' rows too: twelve keys do not fit in a small terminal's log pane.
        <HelpPane keys={HELP_KEYS} width={width} height={paneHeight + stepsHeight + 1} logPath={logPath} />
      ) : (
        <>
          {source === 'step' && stepRow ? (
            <Box height={detailHeight} overflow="hidden">
              <StepDetailHeader row={stepRow} width={width} now={now} />
            </Box>
          ) : null}
          <LogPane lines={view.shown} width={width} height={logHeight} needle={needle} {...paneOptions} />
        </>
      )}
    </Box>
    </Box>
    <Box flexShrink={0}>
      <Footer keys={footerKeys} />
    </Box>
    </Box>
  );
}

/** A question's keys, first in the footer (a narrow one cuts its end): what Enter answers now, the arrows, the choices. */
function questionKeys(q: Question, highlighted: number, enterOpensStep: boolean): [string, string][] {
  const selected = q.choices[highlighted];
  return [
    ...(selected && (!enterOpensStep || selected.role === 'continue') ? ([['Enter', selected.label]] as [string, string][]) : []),
    ['←→', 'choose'],
    ...q.choices.map((c) => [c.key, c.label] as [string, string]),
  ];
}

/** Which match (1-based) the pane shows at its bottom-most, or the count of those above it. */
function matchPosition(matches: number[], lines: LogLine[], shown: LogLine[]): number {
  const bottom = shown[shown.length - 1];
  if (!bottom) return 0;
  let n = 0;
  for (const i of matches) if (lines[i]!.seq <= bottom.seq) n++;
  return Math.max(1, n);
}
