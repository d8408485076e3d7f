// One conversion per field type, Packer's. Durations against the verdicts Packer 1.6.6 gave
// (test/fixtures/durations, recorded by scripts/record-duration-verdicts.mjs); then, for every
// field of every component, a value validation accepts reaches the build with the same meaning,
// a template rendered at run time is decoded by the same grammar, and a rejected value stops
// prepareTemplate (so it never reaches a build).
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDurationNs, goDurationNs } from '../../src/util/duration.js';
import { decodeField } from '../../src/schema/decode.js';
import { validateAgainst } from '../../src/schema/validate.js';
import { listComponents } from '../../src/components/registry.js';
import { decodeAtRun } from '../../src/core/decode-at-run.js';
import { prepareTemplate, renderRuntime } from '../../src/template/index.js';
import { TemplateErrors } from '../../src/errors.js';
import type { BuildContext } from '../../src/core/components.js';
import type { ComponentKind, FieldSpec } from '../../src/schema/types.js';

interface Verdict { value: unknown; accepted: boolean; printed: string | null }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/durations/packer-1.6.6.json', import.meta.url), 'utf8')) as { verdicts: Verdict[] };

describe('durations: Packer 1.6.6 verdicts', () => {
  for (const v of fixture.verdicts) {
    it(`${JSON.stringify(v.value)}: ${v.accepted ? `accepted as ${v.printed ?? '0s'}` : 'rejected'}`, () => {
      const ns = decodeDurationNs(v.value);
      expect(ns !== undefined).toBe(v.accepted);
      if (ns !== undefined) expect(goDurationNs(ns)).toBe(v.printed ?? '0s');
      // pack validate says the same for a duration field.
      const r = validateAgainst(sleepSchema(), { duration: v.value }, { field: 'p', templateDir: '.' });
      expect(r.problems.length === 0).toBe(v.accepted);
    });
  }
});

function sleepSchema() {
  return listComponents('provisioner').find((c) => c.type === 'sleep')!;
}

// ---------------------------------------------------------------- every field of every component

const KINDS: ComponentKind[] = ['builder', 'communicator', 'provisioner', 'post-processor'];
const fields = KINDS.flatMap((kind) =>
  listComponents(kind).flatMap((schema) => Object.entries(schema.fields).map(([name, spec]) => ({ kind, schema, name, spec }))),
);

const unit = fc.constantFrom('ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h', 'd', 'S', '');
const durationText = fc
  .tuple(fc.constantFrom('', '-', '+'), fc.array(fc.tuple(fc.nat(99), fc.option(fc.nat(999)), unit), { minLength: 0, maxLength: 3 }))
  .map(([sign, parts]) => sign + parts.map(([n, f, u]) => `${n}${f === null ? '' : `.${f}`}${u}`).join(''));
const intText = fc.tuple(fc.constantFrom('', '-', '+', '0x', '0b', '0o', '0', ' '), fc.nat(5000), fc.constantFrom('', '_0', '.5', 'e2', ' ')).map(([a, n, b]) => `${a}${n}${b}`);
const word = fc.constantFrom('true', 'false', 'True', 'TRUE', 'tRue', 't', 'f', 'F', '1', '0', 'yes', 'no', 'on', '', ' true');
const sizeText = fc.tuple(fc.nat(100_000), fc.constantFrom('', 'b', 'K', 'm', 'G', 't', 'Gb', 'x', '.5', ' ')).map(([n, u]) => `${n}${u}`);
// Text holding "{{" is a run-time template, decided at run time by design: the first property checks that
// case itself, through the {{ `text` }} form of each value.
const plainText = fc.string({ maxLength: 8 }).filter((t) => !t.includes('{{'));
const scalarWith = (doubles: fc.Arbitrary<number>) =>
  fc.oneof(plainText, fc.integer(), doubles, fc.boolean(), durationText, intText, word, sizeText);
const scalar = scalarWith(fc.double({ noNaN: true }));
// What a JSON file can hold: JSON.stringify writes ±Infinity as null (an unset field), so the file would not say what the property checks.
const jsonScalar = scalarWith(fc.double({ noNaN: true, noDefaultInfinity: true }));

function valueFor(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'string[]':
    case 'string|string[]':
    case 'number[]':
      return fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.constant(null));
    case 'string[][]':
      return fc.oneof(scalar, fc.array(fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), { maxLength: 3 }));
    case 'map':
    case 'object':
      return fc.oneof(scalar, fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 3 }));
    case 'object[]':
      return fc.oneof(scalar, fc.array(fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 2 }), { maxLength: 2 }));
    default:
      return scalar;
  }
}

const ctx = { render: (text: string) => renderRuntime(text, {}) } as unknown as BuildContext;
const label = (f: { kind: string; schema: { type: string }; name: string }) => `${f.kind} ${f.schema.type}.${f.name}`;
const fieldProblem = (problems: { field?: string }[], name: string) => problems.some((p) => p.field === `c.${name}`);

describe('every field of every component: one meaning from validate to build', () => {
  it(`covers ${fields.length} fields`, () => {
    expect(fields.length).toBeGreaterThan(150);
  });

  it('an accepted value reaches the build decoded; a template rendered at run time decodes the same way', () => {
    fc.assert(
      fc.property(fc.nat(fields.length - 1).chain((i) => fc.tuple(fc.constant(i), valueFor(fields[i].spec))), ([i, v]) => {
        const f = fields[i];
        const why = `${label(f)} = ${JSON.stringify(v)}`;
        const r = validateAgainst(f.schema, { [f.name]: v }, { field: 'c', templateDir: tmpdir() });
        const accepted = !fieldProblem(r.problems, f.name);
        const direct = decodeField(f.spec, v);
        // Unset (the default applies, as Packer's Prepare does for zero values): null, [], and "" but for
        // durations ("" is an error) and booleans ("" is false).
        if (v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (v === '' && f.spec.type !== 'duration' && f.spec.type !== 'boolean')) return;
        if (f.spec.enum || f.spec.path) return; // value checks beyond the type: covered by their own tests
        expect(accepted, why).toBe(direct.ok);
        if (!accepted) return;
        // What the build receives: the validated config after the run-time step.
        const atRun = decodeAtRun(f.kind, f.schema.type, r.config, ctx);
        if (f.spec.type === 'size' && (v === '0' || v === 0)) return;
        expect(atRun[f.name], why).toEqual(direct.ok ? direct.value : undefined);
        // The same text as a run-time template ({{ `text` }}) gives the same value, or a build error.
        if (typeof v !== 'string' || v.includes('`') || v.includes('{{') || f.spec.type === 'string' || f.spec.type === 'string|string[]' || f.spec.type === 'any') return;
        const deferred = validateAgainst(f.schema, { [f.name]: `{{ \`${v}\` }}` }, { field: 'c', templateDir: tmpdir() });
        expect(fieldProblem(deferred.problems, f.name), why).toBe(false);
        expect(decodeAtRun(f.kind, f.schema.type, deferred.config, ctx)[f.name], why).toEqual(atRun[f.name]);
      }),
      { numRuns: 3000 },
    );
  });

  it('a run-time template that renders to a wrong value fails the build naming the field, never reaching the component', () => {
    const sleep = sleepSchema();
    const deferred = validateAgainst(sleep, { duration: '{{ `10` }}' }, { field: 'c', templateDir: tmpdir() });
    expect(deferred.problems).toEqual([]);
    expect(() => decodeAtRun('provisioner', 'sleep', deferred.config, ctx)).toThrow('sleep: duration must be a duration');
  });
});

describe('a rejected value stops prepareTemplate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-decode-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const timeFields = fields.filter((f) => f.kind === 'provisioner' && ['duration', 'integer', 'boolean', 'number[]'].includes(f.spec.type));

  it('for provisioner fields in a JSON template: accepted values arrive decoded in the prepared build', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...timeFields), jsonScalar, async (f, v) => {
        const path = join(dir, `t${n++}.json`);
        const prov: Record<string, unknown> = { type: f.schema.type, [f.name]: v };
        if (f.schema.type === 'shell-local' || f.schema.type === 'shell') prov.inline = ['true'];
        const builder = f.schema.type === 'shell' ? { type: 'null', ssh_host: 'h', ssh_username: 'u', ssh_password: 'p' } : { type: 'null', communicator: 'none' };
        writeFileSync(path, JSON.stringify({ builders: [builder], provisioners: [prov] }));
        const direct = decodeField(f.spec, v);
        const prepared = await prepareTemplate(path, { vars: [], varFiles: [], env: {} }).catch((e: unknown) => e);
        if (v === '' && f.spec.type !== 'duration' && f.spec.type !== 'boolean') return;
        if (!direct.ok) {
          expect(prepared).toBeInstanceOf(TemplateErrors);
          return;
        }
        if (prepared instanceof Error) {
          // Rejected for another reason than this field (a cross-field rule): never for its type.
          expect((prepared as TemplateErrors).message).not.toContain(`.${f.name}`);
          return;
        }
        const p = (prepared as Awaited<ReturnType<typeof prepareTemplate>>).template.builds[0].provisioners[0];
        if (v === '' && f.spec.type === 'boolean') return;
        expect(p.config[f.name]).toEqual(direct.value);
      }),
      { numRuns: 150 },
    );
  });
});
