// `pack init` without questions: answers from --from, --builder..., --set and the schemas' defaults.
import { dirname, resolve } from 'node:path';
import { UserError, formatProblem, type Problem } from '../errors.js';
import {
  checkMessages, emptyAnswers, missingRequired, secretsAsVariables, newBuilder, newCommunicator, newComponent, type Answers, type ComponentAnswer,
} from './answers.js';
import { asBuilder, sortedBuilders, type Catalog } from './catalog.js';
import { checkDoc } from './check.js';
import { buildDoc } from './document.js';
import { serialize, formatFor } from './serialize.js';
import { applySets, setKey } from './set-keys.js';
import { findStarter, loadStarter } from './starters.js';
import { verifyDoc } from './verdict.js';
import { writeAtomically, writeSecretsFile } from './write.js';

export interface InitOptions {
  output: string;
  from?: string;
  builders: string[];
  communicator?: string;
  provisioners: string[];
  postProcessors: string[];
  sets: string[];
  force: boolean;
  /** Write the sensitive values to a 0600 var file beside the template (--secrets-file). */
  secretsFile?: boolean;
}

function unknown(catalog: Catalog, kind: 'builder' | 'communicator' | 'provisioner' | 'post-processor', type: string): UserError {
  const known = catalog.list(kind).map((d) => d.type).join(', ') || 'none yet';
  return new UserError(`pack init: unknown ${kind} "${type}". Known ${kind}s: ${known}`);
}

/** The answers the flags describe, before --set. */
export async function answersFromFlags(o: InitOptions, catalog: Catalog, baseDir: string): Promise<Answers> {
  const answers = o.from ? loadStarter(findStarter(o.from).file, catalog) : emptyAnswers();
  const builderTypes = o.builders.length > 0 || o.from ? o.builders : [(await sortedBuilders(catalog))[0]?.def.type ?? 'null'];
  if (o.builders.length > 0) answers.builders = [];
  for (const t of builderTypes) {
    if (!catalog.find('builder', t)) throw unknown(catalog, 'builder', t);
    const b = newBuilder(catalog, t, baseDir);
    if (answers.builders.some((x) => (x.name ?? x.type) === t)) b.name = `${t}-${answers.builders.length + 1}`;
    answers.builders.push(b);
  }
  if (o.communicator) {
    const c = o.communicator;
    if (!catalog.find('communicator', c)) throw unknown(catalog, 'communicator', c);
    for (const b of answers.builders) {
      const def = asBuilder(catalog.find('builder', b.type));
      if (def && !def.communicators.includes(c)) {
        throw new UserError(`pack init: the ${b.type} builder cannot use the ${c} communicator (it supports ${def.communicators.join(', ')})`);
      }
      if (b.communicator.type !== c) b.communicator = newCommunicator(catalog, c, baseDir);
    }
  }
  for (const t of o.provisioners) {
    const def = catalog.find('provisioner', t);
    if (!def) throw unknown(catalog, 'provisioner', t);
    answers.provisioners.push(newComponent(def, baseDir));
  }
  for (const t of o.postProcessors) {
    const def = catalog.find('post-processor', t);
    if (!def) throw unknown(catalog, 'post-processor', t);
    answers.postProcessors.push({ ...newComponent(def, baseDir), chained: false });
  }
  applySets(answers, o.sets, catalog);
  secretsAsVariables(answers, catalog);
  return answers;
}

/** Required values nobody gave, as the --set keys that would give them. */
export function missingKeys(answers: Answers, catalog: Catalog): { key: string; description: string }[] {
  const out: { key: string; description: string }[] = [];
  const add = (scope: Parameters<typeof setKey>[0], a: ComponentAnswer, i: number, count: number) => {
    const schema = catalog.find(a.kind, a.type);
    if (!schema) return;
    for (const f of missingRequired(schema, a)) {
      const key = setKey(scope, i, count, f);
      if (!out.some((x) => x.key === key)) out.push({ key, description: schema.fields[f].description });
    }
  };
  // Cross-field rules ("one of commit, discard or export_path") name the fields that would satisfy them.
  const fromCheck = (scope: Parameters<typeof setKey>[0], a: ComponentAnswer, i: number, count: number) => {
    const schema = catalog.find(a.kind, a.type);
    if (!schema) return;
    for (const msg of checkMessages(schema, a, process.cwd())) {
      const unset = Object.keys(schema.fields).filter((f) => !a.texts[f] && new RegExp(`\\b${f}\\b`).test(msg));
      if (unset.length === 0 || out.some((o) => unset.some((f) => o.key.endsWith(`.${f}`)))) continue;
      out.push({ key: unset.map((f) => setKey(scope, i, count, f)).join(' or '), description: msg.split('\n')[0] });
    }
  };
  answers.builders.forEach((b, i) => add('builder', b, i, answers.builders.length));
  answers.builders.forEach((b, i) => add('communicator', b.communicator, i, answers.builders.length));
  answers.provisioners.forEach((p, i) => add('provisioner', p, i, answers.provisioners.length));
  answers.postProcessors.forEach((p, i) => add('post-processor', p, i, answers.postProcessors.length));
  answers.builders.forEach((b, i) => fromCheck('builder', b, i, answers.builders.length));
  answers.builders.forEach((b, i) => fromCheck('communicator', b.communicator, i, answers.builders.length));
  answers.provisioners.forEach((p, i) => fromCheck('provisioner', p, i, answers.provisioners.length));
  answers.postProcessors.forEach((p, i) => fromCheck('post-processor', p, i, answers.postProcessors.length));
  return out;
}

function problemsError(head: string, problems: Problem[]): UserError {
  return new UserError(`${head}\n${problems.map((p) => `  * ${formatProblem(p)}`).join('\n')}`);
}

/** Runs flags mode: writes the file or throws a UserError saying what to give. Returns the path written. */
export async function runFlagsMode(o: InitOptions, catalog: Catalog): Promise<{ path: string; secrets?: string; secretNames: string[] }> {
  const path = resolve(o.output);
  const baseDir = dirname(path);
  const answers = await answersFromFlags(o, catalog, baseDir);
  const missing = missingKeys(answers, catalog);
  if (missing.length > 0) {
    const shown = missing.map((m) => `--set ${m.key.split(' or ').join('=... or --set ')}=...`);
    const width = Math.max(...shown.map((k) => k.length)) + 2;
    const lines = missing.map((m, i) => `  ${shown[i].padEnd(width)}${m.description}`);
    throw new UserError(`pack init: some required values are missing. Give them with --set:\n${lines.join('\n')}`);
  }
  const { doc, problems } = buildDoc(answers, catalog);
  if (problems.length > 0) throw problemsError('pack init: some values are not right:', problems);
  const invalid = checkDoc(doc, catalog, baseDir);
  if (invalid.length > 0) throw problemsError('pack init: the template would not be valid:', invalid);
  const verdict = await verifyDoc(doc, baseDir, path);
  if (verdict.length > 0) throw problemsError('pack init: the template would not be valid:', verdict);
  writeAtomically(path, serialize(doc, formatFor(path)), o.force);
  const secrets = o.secretsFile ? writeSecretsFile(path, doc.secrets, true) : undefined;
  return { path, ...(secrets ? { secrets } : {}), secretNames: Object.keys(doc.secrets) };
}
