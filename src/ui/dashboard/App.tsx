// The live dashboard: header, build tabs, step lists, transfers, prompts, the log pane and
// the footer, laid out to the terminal's size. After run-end it draws only the summary and
// exits, so the summary is the last frame left on the screen.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, useStdin, useStdout, type Key } from 'ink';
import type { DashboardStore, Question } from './store.js';
import type { LogLine } from './log-ring.js';
import { scrollBy, scrollHome, toggleFollow, visibleLines, type ScrollState } from './viewport.js';
import { Header } from './components/Header.js';
import { BuildTabs } from './components/BuildTabs.js';
import { StepList } from './components/StepList.js';
import { ProgressBar } from './components/ProgressBar.js';
import { LogPane } from './components/LogPane.js';
import { Footer } from './components/Footer.js';
import { PromptBox } from './components/PromptBox.js';
import { Summary } from './components/Summary.js';
import { fit } from './format.js';
import { computeLayout } from './layout.js';

export interface AppProps {
  store: DashboardStore;
  answer(id: string, key: string): void;
  onCancel(): void;
  logFiles(): Record<string, string | undefined>;
  /** Redraw interval for spinners and clocks (throttled with the store's changes). */
  tickMs?: number;
}

type Mode = 'normal' | 'confirm' | 'cancelling';

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
  const clean = q.choices.find((c) => /clean/i.test(c.label) || /abort|cancel/i.test(c.label));
  return (clean ?? q.choices[q.choices.length - 1]!).key;
}

export function App(props: AppProps): React.JSX.Element {
  const { store, answer, onCancel, logFiles, tickMs = 250 } = props;
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const { columns, rows } = useTerminalSize();
  const [, setVersion] = useState(0);
  const [selectedBuild, setSelectedBuild] = useState(0);
  const [selectedStep, setSelectedStep] = useState(-1);
  const [scroll, setScroll] = useState<ScrollState>({ follow: true });
  const [filter, setFilter] = useState('');
  const [editingFilter, setEditingState] = useState(false);
  const [mode, setModeState] = useState<Mode>('normal');
  const [notice, setNotice] = useState('');
  const [highlight, setHighlightState] = useState(0);
  // Typed characters can arrive faster than React re-renders: keep the filter in a ref too.
  // Keys can also arrive before React has re-rendered (and before useInput sees the new
  // handler), so the handler reads modes from refs set at once and questions from the store.
  const filterRef = useRef('');
  const modeRef = useRef<Mode>('normal');
  const editingRef = useRef(false);
  const highlightRef = useRef(0);
  const setMode = (m: Mode) => {
    modeRef.current = m;
    setModeState(m);
  };
  const setEditingFilter = (on: boolean) => {
    editingRef.current = on;
    setEditingState(on);
  };
  const setHighlight = (h: number) => {
    highlightRef.current = h;
    setHighlightState(h);
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
  const build = builds[Math.min(selectedBuild, builds.length - 1)];
  const question = store.questions[0];
  const ended = store.runEnd !== undefined;

  // A new question selects its build and highlights its first choice. Adjusted during render
  // (not in an effect) so a key pressed right after the question cannot race the reset.
  const [seenQuestion, setSeenQuestion] = useState<string | undefined>(undefined);
  if (question && question.id !== seenQuestion) {
    setSeenQuestion(question.id);
    setHighlight(0);
    const i = builds.findIndex((b) => b.name === question.build);
    if (i >= 0 && i !== selectedBuild) {
      setSelectedBuild(i);
      setSelectedStep(-1);
      setScroll({ follow: true });
    }
  }

  useEffect(() => {
    if (ended) exit();
  }, [ended]);

  const transfers = build ? [...build.transfers.values()].filter((t) => !t.done).slice(-2) : [];
  const { width, height, sideBySide, columnWidth, stepsHeight, logHeight } = computeLayout({
    columns,
    rows,
    buildCount: builds.length,
    stepCounts: (side) => (side ? builds : build ? [build] : []).map((b) => b.steps.length),
    transfers: transfers.length,
    prompt: question !== undefined || mode !== 'normal',
    notice: notice !== '',
  });
  const shownBuilds = sideBySide ? builds : build ? [build] : [];

  const stepFilter = build && selectedStep >= 0 ? build.steps[selectedStep]?.id : undefined;
  const needle = filter.toLowerCase();
  const lines: LogLine[] = useMemo(
    () =>
      build
        ? build.logs.lines((l) => (!stepFilter || l.step === stepFilter) && (!needle || l.text.toLowerCase().includes(needle)))
        : [],
    // The ring changes in place; re-filter on every store version.
    [build, stepFilter, needle, store.version],
  );
  const view = visibleLines(lines, logHeight, scroll);

  function resetView(): void {
    setScroll({ follow: true });
  }

  function selectBuild(next: (current: number) => number): void {
    const n = builds.length;
    if (n === 0) return;
    setSelectedBuild((current) => ((next(current) % n) + n) % n);
    setSelectedStep(-1);
    resetView();
  }

  function confirmCancel(): void {
    setMode('cancelling');
    setNotice('cancelling: cleaning up…');
    for (const q of [...store.questions]) answer(q.id, cancelChoice(q));
    onCancel();
  }

  const onKey = (input: string, key: Key): void => {
    if (store.runEnd) return;
    const mode = modeRef.current;
    const question = store.questions[0];
    if (key.ctrl && input === 'c') {
      if (mode === 'normal') setMode('confirm');
      else if (mode === 'confirm') confirmCancel();
      else setNotice('cleaning up… (cleanup keeps running; wait for it to finish)');
      return;
    }
    if (mode === 'confirm') {
      if (input === 'y' || input === 'Y') confirmCancel();
      else if (input === 'n' || input === 'N' || key.escape) setMode('normal');
      return;
    }
    if (editingRef.current) {
      if (key.return) setEditingFilter(false);
      else if (key.escape) {
        filterRef.current = '';
        setFilter('');
        setEditingFilter(false);
      } else if (key.backspace || key.delete) {
        filterRef.current = filterRef.current.slice(0, -1);
        setFilter(filterRef.current);
      } else if (input && !key.ctrl && !key.meta) {
        filterRef.current += input;
        setFilter(filterRef.current);
      }
      resetView();
      return;
    }
    if (question) {
      const choice = question.choices.findIndex((c) => c.key.toLowerCase() === input.toLowerCase());
      if (choice >= 0) return answer(question.id, question.choices[choice]!.key);
      if (key.return) return answer(question.id, question.choices[highlightRef.current]?.key ?? question.choices[0]!.key);
      if (key.leftArrow) return setHighlight(Math.max(0, highlightRef.current - 1));
      if (key.rightArrow) return setHighlight(Math.min(question.choices.length - 1, highlightRef.current + 1));
    }
    if (key.tab) return selectBuild((current) => current + (key.shift ? -1 : 1));
    if (/^[1-9]$/.test(input) && Number(input) <= builds.length) return selectBuild(() => Number(input) - 1);
    if (key.upArrow) {
      setSelectedStep((s) => Math.max(-1, s - 1));
      return resetView();
    }
    if (key.downArrow) {
      setSelectedStep((s) => Math.min((build?.steps.length ?? 0) - 1, s + 1));
      return resetView();
    }
    if (key.pageUp) return setScroll((s) => scrollBy(lines, logHeight, s, -(logHeight - 1)));
    if (key.pageDown) return setScroll((s) => scrollBy(lines, logHeight, s, logHeight - 1));
    if (key.home) return setScroll(scrollHome(lines, logHeight));
    if (key.end) return setScroll({ follow: true });
    if (input === 'f') return setScroll((s) => toggleFollow(lines, s));
    if (input === '/') {
      setEditingFilter(true);
      return;
    }
    if (key.escape) {
      setSelectedStep(-1);
      filterRef.current = '';
      setFilter('');
      return resetView();
    }
    if (input === 'q' && mode === 'normal') setMode('confirm');
    else if (input === 'q' && mode === 'cancelling') setNotice('cleaning up… (cleanup keeps running; wait for it to finish)');
  };
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  useInput((input, key) => onKeyRef.current(input, key), { isActive: isRawModeSupported === true });

  if (store.runEnd) {
    return <Summary builds={builds} end={store.runEnd} logFiles={logFiles()} />;
  }

  const now = store.now();
  const stepLabel = stepFilter ? (build?.steps[selectedStep]?.title ?? '') : 'all steps';
  const logTitle = `─ log: ${build?.name ?? ''} · ${stepLabel} · ${scroll.follow ? 'following' : `paused (${view.below} newer)`}${
    filter || editingFilter ? ` · filter: ${filter}${editingFilter ? '▏' : ''}` : ''
  } `;

  const footerKeys: [string, string][] = editingFilter
    ? [
        ['type', 'filter'],
        ['Enter', 'keep'],
        ['Esc', 'clear'],
      ]
    : mode === 'confirm'
      ? [
          ['y', 'cancel the run'],
          ['n/Esc', 'keep going'],
        ]
      : [
          ...(question ? question.choices.map((c) => [c.key, c.label] as [string, string]) : []),
          ...(builds.length > 1 ? ([['Tab/1-9', 'build']] as [string, string][]) : []),
          ['↑↓', 'step'],
          ['PgUp/PgDn/Home/End', 'scroll'],
          ['f', scroll.follow ? 'pause' : 'follow'],
          ['/', 'filter'],
          ...(mode === 'cancelling' ? [] : ([['q', 'cancel']] as [string, string][])),
        ];

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header template={store.templatePath} elapsedMs={now - store.startedAt} counts={store.counts()} width={width} />
      <BuildTabs builds={builds} selected={selectedBuild} now={now} />
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
      {transfers.map((t) => (
        <ProgressBar key={t.id} transfer={t} width={width} />
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
      <LogPane lines={view.shown} width={width} height={logHeight} />
      <Footer keys={footerKeys} />
    </Box>
  );
}

