// What a path field's value is when it is not a path.
import type { FieldSpec } from './types.js';

/** An ansible inventory given as an inline host list ("127.0.0.1,": ansible reads a comma so), not a path. */
export const isInlineHostList = (spec: FieldSpec, value: string): boolean => spec.path === 'inventory' && value.includes(',');
