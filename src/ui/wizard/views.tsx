// One view per screen. They only read the state; keys go through controller.ts.
import { Box, Text } from 'ink';
import { HelpBox } from '../components/HelpBox.js';
import { footerRows, type KeyHint } from '../components/KeyFooter.js';
import { wordWrap } from '../components/wrap.js';
export { wordWrap };
import { SelectList } from '../components/SelectList.js';
import { TextInputView } from '../components/TextInputView.js';
import { doneChoices, findNames, review, variableRows } from './controller.js';
import { matches } from './find.js';
import { FormView } from './FormView.js';
import type { Screen, WizardState } from './state.js';
import { relative } from 'node:path';
import { formatFor } from '../../init/serialize.js';
import { BACK, HELP, MOVE, QUIT, Body, Footer, Title, fieldHelp, stepNumber, valueText } from './view-parts.js';

const FIND_KEYS: KeyHint[] = [['↑↓', 'next match'], ['Enter', 'keep'], ['Esc', 'back'], QUIT];

/** The "/" find of a long list: what is typed, and how many names hold it. */
function FindLine({ state }: { state: WizardState }) {
  if (!state.find) return null;
  const names = findNames(state) ?? [];
  const count = matches(names, state.find.buffer.text).length;
  return (
    <Box>
      <Text color="cyan">/ </Text>
      <TextInputView buffer={state.find.buffer} />
      <Text dimColor>{state.find.buffer.text ? `  ${count === 0 ? 'no match' : count === 1 ? '1 match' : `${count} matches`}` : '  type part of a name'}</Text>
    </Box>
  );
}

function StartView({ state, s }: { state: WizardState; s: Extract<Screen, { kind: 'start' }> }) {
  const items = [
    { label: 'From scratch', hint: 'choose every component yourself' },
    ...state.starters.map((st) => ({ label: `Starter: ${st.name}`, hint: st.description })),
  ];
  return (
    <>
      <Title step={stepNumber(state)} text="How do you want to start?" />
      <Body>
      <SelectList items={items} cursor={s.cursor} />
      {state.help ? <HelpBox title="Starters" lines={['Starter templates live in templates/ and are edited in the next steps.']} /> : null}
      </Body>
      <Footer state={state} keys={[MOVE, ['Enter', 'choose'], HELP, QUIT]} />
    </>
  );
}

function BuildersView({ state, s, height }: { state: WizardState; s: Extract<Screen, { kind: 'builders' }>; height: number }) {
  const list = state.builders;
  const focused = list?.[s.cursor];
  return (
    <>
      <Title step={stepNumber(state)} text="Which builders? (several build in parallel)" />
      <Body>
      <FindLine state={state} />
      {!list ? <Text dimColor>Looking for the builders that run on this machine…</Text> : (
        <SelectList
          items={list.map((b) => ({ label: b.def.type, hint: b.def.description, tag: b.runsHere ? 'runs here' : undefined, dim: !b.runsHere }))}
          cursor={s.cursor}
          checked={list.map((b) => state.selected.has(b.def.type))}
          room={height - 8 - (state.help ? 6 : 0) - (state.find ? 1 : 0)}
        />
      )}
      {state.help && focused ? (
        <HelpBox title={`builder ${focused.def.type}`} lines={[
          focused.def.description,
          `communicators: ${focused.def.communicators.join(', ')} (first = default)`,
          focused.runsHere ? 'runs on this machine' : 'needs something this machine lacks',
        ]} />
      ) : null}
      </Body>
      <Footer state={state} keys={state.find ? FIND_KEYS : [MOVE, ['Space', 'toggle'], ['Enter', 'confirm'], ['/', 'find'], HELP, BACK, QUIT]} />
    </>
  );
}

function CommunicatorView({ state, s }: { state: WizardState; s: Extract<Screen, { kind: 'communicator' }> }) {
  const b = state.answers.builders[s.index];
  const choices = state.communicatorChoices(s.index);
  const focused = state.catalog.find('communicator', choices[s.cursor]);
  return (
    <>
      <Title step={stepNumber(state)} text={`How does pack talk to the ${b.type} machine?`} />
      <Body>
      <SelectList items={choices.map((c, i) => ({
        label: c,
        hint: state.catalog.find('communicator', c)?.description,
        tag: i === 0 ? "builder's default" : undefined,
      }))} cursor={s.cursor} />
      {state.help && focused ? <HelpBox title={`communicator ${focused.type}`} lines={[focused.description]} /> : null}
      </Body>
      <Footer state={state} keys={[MOVE, ['Enter', 'choose'], HELP, BACK, QUIT]} />
    </>
  );
}

function summary(state: WizardState, a: { kind: string; type: string; texts: Record<string, string> }): string {
  const schema = state.catalog.find(a.kind as never, a.type);
  return Object.entries(a.texts)
    .filter(([k]) => !schema?.fields[k]?.advanced)
    .map(([k, v]) => `${k}: ${schema?.fields[k]?.sensitive ? '•••' : v.split('\n').join(' ⏎ ')}`)
    .join('  ');
}

function ListView({ state, s, height }: { state: WizardState; s: Extract<Screen, { kind: 'list' }>; height: number }) {
  const pp = s.list === 'post-processor';
  const items = pp ? state.answers.postProcessors : state.answers.provisioners;
  let chain = 0;
  const rows = items.map((it, i) => {
    if (!pp || !('chained' in it) || !it.chained || i === 0) chain++;
    return {
      label: `${pp ? `chain ${chain} ${'chained' in it && it.chained && i > 0 ? '└▸' : '·'} ` : `${i + 1}. `}${it.type}`,
      hint: summary(state, it),
    };
  });
  rows.push({ label: `+ Add a ${s.list}`, hint: '' }, { label: 'Continue ▸', hint: '' });
  const focused = items[s.cursor];
  const keys: KeyHint[] = [MOVE, ['Enter', 'edit/choose'], ['a', 'add'], ['d', 'delete'], ['J/K', 'reorder']];
  if (pp) keys.push(['c', 'chain with previous']);
  keys.push(HELP, BACK, QUIT);
  return (
    <>
      <Title step={stepNumber(state)} text={pp ? 'Post-processors (run on the artifact; a chain feeds each step the previous result)' : 'Provisioners (run in this order)'} />
      <Body>
      {items.length === 0 ? <Text dimColor>  None yet.</Text> : null}
      <SelectList items={rows} cursor={s.cursor} room={height - 8 - (state.help ? 6 : 0)} />
      {state.help && focused ? <HelpBox title={`${s.list} ${focused.type}`} lines={[state.catalog.find(s.list, focused.type)?.description ?? '']} /> : null}
      </Body>
      <Footer state={state} keys={keys} />
    </>
  );
}

function PickView({ state, s, height }: { state: WizardState; s: Extract<Screen, { kind: 'pick' }>; height: number }) {
  const defs = state.catalog.list(s.list);
  return (
    <>
      <Title step={stepNumber(state)} text={`Which ${s.list}?`} />
      <Body>
      <FindLine state={state} />
      <SelectList items={defs.map((d) => ({ label: d.type, hint: d.description }))} cursor={s.cursor} room={height - 8 - (state.help ? 6 : 0) - (state.find ? 1 : 0)} />
      {state.help && defs[s.cursor] ? <HelpBox title={defs[s.cursor].type} lines={[defs[s.cursor].description]} /> : null}
      </Body>
      <Footer state={state} keys={state.find ? FIND_KEYS : [MOVE, ['Enter', 'add'], ['/', 'find'], HELP, BACK, QUIT]} />
    </>
  );
}

function VariablesView({ state, s, height }: { state: WizardState; s: Extract<Screen, { kind: 'variables' }>; height: number }) {
  const rows = variableRows(state);
  const items = rows.map((r) => {
    const v = r.answer.vars[r.field];
    return {
      label: r.label,
      hint: valueText(r.answer.texts[r.field], r.spec),
      tag: v ? `variable ${v.name}${v.sensitive ? ', sensitive' : ''}` : undefined,
    };
  });
  items.push({ label: 'Continue ▸', hint: '', tag: undefined });
  return (
    <>
      <Title step={stepNumber(state)} text="Turn values into variables (given with -var at build time)" />
      <Body>
      <SelectList items={items} cursor={s.cursor} checked={[...rows.map((r) => !!r.answer.vars[r.field]), undefined]} room={height - 10 - (state.help ? 8 : 0)} />
      {s.renaming ? (
        <Box flexDirection="column">
          <Text>Variable name for {rows[s.cursor]?.label}: <TextInputView buffer={s.renaming} /></Text>
          {s.error ? <Text color="red">✗ {s.error}</Text> : null}
        </Box>
      ) : null}
      {state.help && rows[s.cursor] ? <HelpBox {...fieldHelp(rows[s.cursor].field, rows[s.cursor].spec)} /> : null}
      </Body>
      <Footer state={state} keys={s.renaming
        ? [['Enter', 'rename'], ['Esc', 'cancel'], QUIT]
        : [MOVE, ['Space', 'variable on/off'], ['s', 'sensitive on/off'], ['r', 'rename'], ['Enter', 'continue'], HELP, BACK, QUIT]} />
    </>
  );
}

/** Rows a text takes when wrapped at `width` columns. */
export function wrappedRows(text: string, width: number): number {
  return wordWrap(text, width).length;
}

/** Problems shown under the review at most; the rest are counted. */
const SHOWN_PROBLEMS = 6;
/** YAML rows the review keeps however many problems there are. */
const MIN_YAML_ROWS = 3;

/** The problems that fit in `rows` wrapped at `width` (the first always, cut to fit), and their rows. */
function fitProblems(problems: string[], width: number, rows: number): { shown: string[]; used: number } {
  const shown: string[] = [];
  let used = 0;
  for (const p of problems.slice(0, SHOWN_PROBLEMS)) {
    const more = problems.length > shown.length + 1 ? 1 : 0;
    const need = wrappedRows(p, width);
    if (used + need + more <= rows) {
      shown.push(p);
      used += need;
      continue;
    }
    if (shown.length === 0) {
      const n = Math.max(1, rows - more);
      const cut = wordWrap(p, width).slice(0, n);
      cut[n - 1] = `${[...cut[n - 1]!].slice(0, Math.max(0, width - 1)).join('')}…`;
      shown.push(cut.join('\n'));
      used += n;
    }
    break;
  }
  return { shown, used: used + (problems.length > shown.length ? 1 : 0) };
}

function ReviewView({ state, s, height, width }: { state: WizardState; s: Extract<Screen, { kind: 'review' }>; height: number; width: number }) {
  const r = review(state);
  const lines = r.yaml.replace(/\n$/, '').split('\n');
  // The frame must fit the terminal (a taller one scrolls and Ink cannot redraw it): the YAML and the problems
  // share what the title, box, verdict, notice and footer leave; Ink's cursor takes the last row.
  const title = `Review (${FORMAT_NAMES[formatFor(state.output)]}, as ${state.output} will hold it)`;
  const keys: KeyHint[] = [['↑↓', 'scroll'], ['f', 'format'], ['Enter', 'write it'], BACK, QUIT];
  const footerHeight = 1 + footerRows(keys, width).length;
  const noticeRows = state.notice ? wrappedRows(state.notice, width) : 0;
  const fixed = wrappedRows(`pack init · ${stepNumber(state)} · ${title}`, width) + 1 + 3 + (r.by === 'schemas' ? 1 : 0) +
    footerHeight + noticeRows + 1 + 1;
  const free = Math.max(0, height - fixed);
  const { shown, used } = fitProblems(r.problems, width - 4, Math.max(2, free - Math.min(MIN_YAML_ROWS, lines.length)));
  const room = Math.max(MIN_YAML_ROWS, free - used);
  const start = Math.min(s.scroll, Math.max(0, lines.length - room));
  return (
    <>
      <Title step={stepNumber(state)} text={title} />
      <Body>
      <Box flexDirection="column" borderStyle="single" borderColor="gray" paddingX={1}>
        {lines.slice(start, start + room).map((l, i) => <Text key={i} wrap="truncate-end">{l}</Text>)}
        {lines.length > room ? <Text dimColor wrap="truncate-end">({start + 1}-{Math.min(lines.length, start + room)} of {lines.length} lines: ↑↓ scroll)</Text> : null}
      </Box>
      {r.by === 'schemas' ? <Text dimColor>{state.verdict?.failed ? `(the template validator failed: ${state.verdict.failed}; checked against the schemas)` : 'Checking with the template validator…'}</Text> : null}
      {r.problems.length === 0
        ? <Text color="green">✓ The template is valid{r.by === 'validator' ? ' (pack validate agrees)' : ''}.</Text>
        : (
          <Box flexDirection="column">
            <Text color="red">✗ {r.problems.length} problem{r.problems.length > 1 ? 's' : ''}:</Text>
            {shown.map((p, i) => (
              // A hanging indent: a long problem wraps under its own text, not under the bullet.
              <Text key={i} color="red">{wordWrap(p, width - 4).map((row, j) => `${j === 0 ? '  * ' : '    '}${row}`).join('\n')}</Text>
            ))}
            {r.problems.length > shown.length ? <Text color="red">  … and {r.problems.length - shown.length} more (pack validate lists them all)</Text> : null}
          </Box>
        )}
      </Body>
      <Footer state={state} keys={keys} />
    </>
  );
}

function FileView({ state, s }: { state: WizardState; s: Extract<Screen, { kind: 'file' }> }) {
  return (
    <>
      <Title step={stepNumber(state)} text="Write it to which file? (.yaml, .json for Packer JSON, .pkr.hcl for HCL2)" />
      <Body>
      <Box><Text color="cyan">❯ </Text><TextInputView buffer={s.buffer} /></Box>
      {s.error ? <Text color="red">✗ {s.error}</Text> : null}
      </Body>
      <Footer state={state} keys={[['Enter', 'write'], ['←→', 'cursor'], BACK, QUIT]} />
    </>
  );
}

function OverwriteView({ state, s }: { state: WizardState; s: Extract<Screen, { kind: 'overwrite' }> }) {
  return (
    <>
      <Title step={stepNumber(state)} text="The file exists" />
      <Body>
      <Text>{s.path} already exists. Overwrite it? <Text bold>[y/N]</Text></Text>
      </Body>
      <Footer state={state} keys={[['y', 'overwrite'], ['n/Enter', 'keep it, choose another name'], BACK, QUIT]} />
    </>
  );
}

const FORMAT_NAMES = { yaml: 'YAML', json: 'Packer JSON', hcl: 'HCL2' } as const;

function DoneView({ state, s }: { state: WizardState; s: Extract<Screen, { kind: 'done' }> }) {
  const varFile = s.secrets ? `-var-file=${relative(state.cwd, s.secrets)} ` : '';
  const cmds = ['', `pack build ${varFile}${state.output}`, `pack validate ${varFile}${state.output}`, 'or give them with -var, PKR_VAR_name, or when pack build asks'];
  return (
    <>
      <Title step={stepNumber(state)} text={`Wrote ${s.path}${s.secrets ? `, its secrets in ${relative(state.cwd, s.secrets)} (mode 0600)` : ''}`} />
      <Body>
      <SelectList items={doneChoices(s).map((c, i) => ({ label: c, hint: cmds[i] }))} cursor={s.cursor} />
      </Body>
      <Footer state={state} keys={[MOVE, ['Enter', 'choose'], [s.secretValues && !s.secrets ? 'q/b/v/s' : 'q/b/v', s.secretValues && !s.secrets ? 'quit/build/validate/save secrets' : 'quit/build/validate'], ['Esc', 'quit']]} />
    </>
  );
}

export function ScreenView({ state, height, width = 80 }: { state: WizardState; height: number; width?: number }) {
  const s = state.screen;
  switch (s.kind) {
    case 'start': return <StartView state={state} s={s} />;
    case 'builders': return <BuildersView state={state} s={s} height={height} />;
    case 'form': return <FormView state={state} s={s} height={height} />;
    case 'communicator': return <CommunicatorView state={state} s={s} />;
    case 'list': return <ListView state={state} s={s} height={height} />;
    case 'pick': return <PickView state={state} s={s} height={height} />;
    case 'variables': return <VariablesView state={state} s={s} height={height} />;
    case 'review': return <ReviewView state={state} s={s} height={height} width={width} />;
    case 'file': return <FileView state={state} s={s} />;
    case 'overwrite': return <OverwriteView state={state} s={s} />;
    case 'done': return <DoneView state={state} s={s} />;
  }
}
