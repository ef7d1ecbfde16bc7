// Personal free text is marked where its shape is declared, so encryption at rest follows the schema: a field
// declared with personalText() is sealed in every store; a new free-text field declared as a plain string is
// caught by the schema test (test/privacy/personal-fields.test.ts) until someone decides which it is.
import { z } from 'zod';

/** The field name each personal string is sealed under (bound into the ciphertext, so it cannot be moved). */
const PERSONAL = z.registry<{ field: string }>();

/** A string a person typed (or their contact details, or a reference code): encrypted at rest under `field`. */
export function personalText(field: string) {
  const schema = z.string();
  PERSONAL.add(schema, { field });
  return schema;
}

export type Code = (value: string, field: string) => string;

/**
 * Applies `code` to every personal string in `value`, walking `schema` beside it. Only objects, arrays,
 * records and optional/default/nullable wrappers are walked: personal text is never inside a union.
 * `only`, when given, limits it to these field names.
 */
export function mapPersonalText<T>(schema: z.ZodType, value: T, code: Code, only?: ReadonlySet<string>): T {
  return walk(schema, value, code, only) as T;
}

function walk(schema: z.ZodType, value: unknown, code: Code, only?: ReadonlySet<string>): unknown {
  if (value === undefined || value === null) return value;
  const mark = PERSONAL.get(schema);
  if (mark) return typeof value === 'string' && (!only || only.has(mark.field)) ? code(value, mark.field) : value;
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return walk(def.innerType as z.ZodType, value, code, only);
    case 'object': {
      if (typeof value !== 'object') return value;
      const shape = def.shape as Record<string, z.ZodType>;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [key, inner] of Object.entries(shape)) if (key in out) out[key] = walk(inner, out[key], code, only);
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((v) => walk(def.element as z.ZodType, v, code, only)) : value;
    case 'record':
      if (typeof value !== 'object') return value;
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, walk(def.valueType as z.ZodType, v, code, only)]));
    default:
      return value;
  }
}

/** Every path in `schema` that holds a string, and whether it is marked personal: for the schema test. */
export function stringFields(schema: z.ZodType, path = ''): { path: string; personal?: string }[] {
  const mark = PERSONAL.get(schema);
  if (mark) return [{ path, personal: mark.field }];
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'string':
      return [{ path }];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return stringFields(def.innerType as z.ZodType, path);
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => stringFields(v, path ? `${path}.${k}` : k));
    case 'array':
      return stringFields(def.element as z.ZodType, `${path}[]`);
    case 'record':
      return stringFields(def.valueType as z.ZodType, `${path}{}`);
    default:
      return [];
  }
}
