// A JSON Schema (draft 2020-12) for YAML and Packer JSON templates, derived from the component registry,
// for editors (yaml-language-server, VS Code's json.schemas).
import type { ComponentKind, FieldSpec, FieldType } from './types.js';
import { listComponents } from '../components/registry.js';

type JsonSchema = Record<string, unknown>;

const DURATION = { type: ['string', 'number'], pattern: '^([-+]?([0-9]*(\\.[0-9]*)?(ns|us|µs|ms|s|m|h))+|0|\\{\\{.*\\}\\})$' };

function fieldTypeSchema(t: FieldType): JsonSchema {
  switch (t) {
    case 'string':
      return { type: 'string' };
    case 'number':
      return { type: ['number', 'string'] };
    case 'integer':
      return { type: ['integer', 'string'] };
    case 'boolean':
      return { type: ['boolean', 'string'] };
    case 'duration':
      return DURATION;
    case 'size':
      return { type: ['string', 'integer'], pattern: '^([0-9]+[bkmgtBKMGT]?|\\{\\{.*\\}\\})$' };
    case 'string[]':
      return { type: 'array', items: { type: 'string' } };
    case 'string|string[]':
      return { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
    case 'number[]':
      return { type: 'array', items: { type: 'number' } };
    case 'map':
      return { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } };
    case 'object':
      return { type: 'object' };
    case 'object[]':
      return { type: 'array', items: { type: 'object' } };
    case 'string[][]':
      return { type: 'array', items: { type: 'array', items: { type: 'string' } } };
    case 'any':
      return {};
  }
}

function fieldSchema(f: FieldSpec): JsonSchema {
  const s: JsonSchema = { ...fieldTypeSchema(f.type), description: f.description };
  if (f.enum) s.enum = [...f.enum];
  if (f.default !== undefined) s.default = f.default;
  return s;
}

const COMMON: Record<string, Record<string, JsonSchema>> = {
  builder: { type: { type: 'string' }, name: { type: 'string', description: 'The build name (default: the type)' }, communicator: { type: 'string', description: 'How pack talks to the machine' } },
  provisioner: {
    type: { type: 'string' },
    name: { type: 'string' },
    only: { type: 'array', items: { type: 'string' }, description: 'Run only for these builds' },
    except: { type: 'array', items: { type: 'string' }, description: 'Skip these builds' },
    override: { type: 'object', additionalProperties: { type: 'object' }, description: 'Per-build settings, keyed by build name' },
    pause_before: { ...DURATION, description: 'Wait this long before running' },
    max_retries: { type: ['integer', 'string'], description: 'Retry this many times before failing' },
    timeout: { ...DURATION, description: 'Fail when running longer than this' },
  },
  'post-processor': {
    type: { type: 'string' },
    name: { type: 'string' },
    only: { type: 'array', items: { type: 'string' } },
    except: { type: 'array', items: { type: 'string' } },
    keep_input_artifact: { type: 'boolean', description: 'Keep the artifact this post-processor received' },
  },
};

function kindSchema(kind: ComponentKind, withComm: boolean): JsonSchema {
  const comms = listComponents('communicator');
  const variants = listComponents(kind).map((c) => {
    const props: Record<string, JsonSchema> = { ...COMMON[kind] };
    if (withComm) for (const cm of comms) for (const [k, f] of Object.entries(cm.fields)) props[k] = fieldSchema(f);
    for (const [k, f] of Object.entries(c.fields)) props[k] = fieldSchema(f);
    props.type = { const: c.type, description: c.description };
    const required = ['type', ...Object.entries(c.fields).filter(([, f]) => f.required).map(([k]) => k)];
    return { if: { properties: { type: { const: c.type } }, required: ['type'] }, then: { properties: props, required, additionalProperties: false } };
  });
  return {
    type: 'object',
    required: ['type'],
    properties: { type: { enum: listComponents(kind).map((c) => c.type) } },
    allOf: variants,
  };
}

export function templateJsonSchema(): JsonSchema {
  const pp = kindSchema('post-processor', false);
  const ppItem = { anyOf: [{ type: 'string', enum: listComponents('post-processor').map((c) => c.type) }, pp] };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://pack.dev/schema/template.json',
    title: 'pack / Packer template',
    type: 'object',
    required: ['builders'],
    patternProperties: { '^_': {} },
    additionalProperties: false,
    properties: {
      description: { type: 'string' },
      min_packer_version: { type: 'string' },
      cache: { type: 'boolean', description: 'YAML only: build as with pack build -cache (resume from the longest cached prefix)' },
      variables: { type: 'object', additionalProperties: { type: ['string', 'null'] }, description: 'Variables and their defaults (null: required)' },
      'sensitive-variables': { type: 'array', items: { type: 'string' } },
      builders: { type: 'array', minItems: 1, items: kindSchema('builder', true) },
      provisioners: { type: 'array', items: kindSchema('provisioner', false) },
      'error-cleanup-provisioner': kindSchema('provisioner', false),
      'post-processors': { type: 'array', items: { anyOf: [ppItem, { type: 'array', items: ppItem }] } },
    },
  };
}
