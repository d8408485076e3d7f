import type { ComponentSchema, ConfigOf } from '../../../schema/types.js';

const fields = {
  // Packer 1.6.6 accepts a sleep without duration (it waits 0s); the wizard proposes 10s.
  duration: { type: 'duration', default: '0s', suggest: '10s', description: 'How long to wait ("10s", "1m30s")', example: '10s' },
} as const;

export type SleepConfig = ConfigOf<typeof fields>;

export const definition: ComponentSchema = {
  kind: 'provisioner',
  type: 'sleep',
  description: 'Waits for a while',
  fields,
};
