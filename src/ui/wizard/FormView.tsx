// The form of one component: its fields (required first, advanced folded), the one being edited, Continue.
import { Box, Text, useStdout } from 'ink';
import stringWidth from 'string-width';
import { HelpBox } from '../components/HelpBox.js';
import { footerRows, type KeyHint } from '../components/KeyFooter.js';
import { wordWrap } from '../components/wrap.js';
import { TextInputView } from '../components/TextInputView.js';
import { visibleWindow } from '../components/window.js';
import { checkText, isMultiline } from '../../init/values.js';
import { liveWarnings } from './controller.js';
import { formRows, type Screen, type WizardState } from './state.js';
import { BACK, HELP, QUIT, Body, Footer, Title, fieldHelp, stepNumber, valueText } from './view-parts.js';

const wrappedRows = (text: string, width: number) => wordWrap(text, width).length;

export function FormView({ state, s, height }: { state: WizardState; s: Extract<Screen, { kind: 'form' }>; height: number }) {
  const a = state.component(s.target);
  const schema = state.schemaOf(a);
  const rows = formRows(schema, s.advanced);
  const row = rows[s.cursor];
  const what = s.target.list === 'communicator' ? `communicator ${a.type} (builder ${state.answers.builders[s.target.index].type})` : `${s.target.list} ${a.type}`;
  const editing = s.editing && row?.kind === 'field' ? row : undefined;
  const live = editing && s.editing ? checkText(editing.spec, s.editing.text, state.baseDir) : undefined;
  const keys: KeyHint[] = editing
    ? isMultiline(editing.spec)
      ? [['Enter', 'new line'], ['Tab/Ctrl-D', 'done'], ['Esc', 'cancel edit'], QUIT]
      : [['Enter', 'accept'], ['←→', 'cursor'], ['Esc', 'cancel edit'], QUIT]
    : [['↑↓/jk/Tab', 'move'], ['Enter', 'edit'], ['Space', 'toggle'], HELP, BACK, QUIT];
  const { stdout } = useStdout();
  const width = stdout?.columns || 80;
  // What the edit takes below its row: the text wrapped in its indented box, then the error or warnings.
  const problem = s.error ?? (live && !live.ok ? live.error : undefined);
  const below = problem ? [`✗ ${problem}`] : live?.ok && editing ? liveWarnings(state, s, editing.name).map((m) => `⚠ ${m}`) : [];
  const editLines = s.editing
    ? 1 + s.editing.text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil((stringWidth(l) + 1) / Math.max(1, width - 4))), 0) +
      below.reduce((n, m) => n + wrappedRows(m, width - 4), 0)
    : 0;
  const noticeRows = state.notice ? wrappedRows(state.notice, width) : 0;
  // A title or footer that wraps on a narrow terminal takes rows from the list too.
  const extra = wrappedRows(`pack init · ${stepNumber(state)} · Settings of the ${what}`, width) - 1 + footerRows(keys, width).length - 1;
  const win = visibleWindow(rows.length, s.cursor, Math.max(4, height - 8 - extra - editLines - (state.help ? 8 : 0) - noticeRows));
  return (
    <>
      <Title step={stepNumber(state)} text={`Settings of the ${what}`} />
      <Body>
      {win.start > 0 ? <Text dimColor>  ↑ {win.start} more</Text> : null}
      {rows.slice(win.start, win.end).map((r, j) => {
        const i = win.start + j;
        const focused = i === s.cursor;
        const mark = <Text color="cyan">{focused ? '❯ ' : '  '}</Text>;
        if (r.kind === 'advanced') {
          return <Text key="adv">{mark}<Text dimColor>{s.advanced ? '▾' : '▸'} advanced ({r.count})</Text></Text>;
        }
        if (r.kind === 'continue') return <Text key="continue">{mark}<Text bold={focused} color="green">Continue ▸</Text></Text>;
        const isEditing = focused && s.editing;
        return (
          <Box key={r.name} flexDirection="column">
            <Text wrap="truncate-end">
              {mark}
              <Text bold={focused}>{r.name}</Text>
              {r.spec.required ? <Text color="red">*</Text> : null}
              <Text dimColor>: </Text>
              {isEditing ? null : <Text color="yellow">{valueText(a.texts[r.name], r.spec)}</Text>}
              {a.vars[r.name] ? <Text color="magenta"> (variable {a.vars[r.name].name})</Text> : null}
              {!isEditing && !a.texts[r.name] ? <Text dimColor>{r.spec.example ? `e.g. ${r.spec.example}  ` : ''}{r.spec.description}</Text> : null}
            </Text>
            {isEditing && s.editing ? (
              <Box marginLeft={4} flexDirection="column">
                <TextInputView buffer={s.editing} mask={r.spec.sensitive} placeholder={r.spec.example} />
                {s.error ? <Text color="red">{wordWrap(`✗ ${s.error}`, width - 4).join('\n')}</Text> : live && !live.ok ? <Text color="red" dimColor>{wordWrap(`✗ ${live.error}`, width - 4).join('\n')}</Text> : null}
                {live?.ok ? liveWarnings(state, s, r.name).map((m, i) => <Text key={i} color="yellow">{wordWrap(`⚠ ${m}`, width - 4).join('\n')}</Text>) : null}
              </Box>
            ) : null}
          </Box>
        );
      })}
      {win.end < rows.length ? <Text dimColor>  ↓ {rows.length - win.end} more</Text> : null}
      {state.help && row?.kind === 'field' ? <HelpBox {...fieldHelp(row.name, row.spec)} /> : null}
      {state.help && row?.kind !== 'field' ? <HelpBox title={`${a.kind} ${a.type}`} lines={[schema?.description ?? '']} /> : null}
      </Body>
      <Footer state={state} keys={keys} />
    </>
  );
}
