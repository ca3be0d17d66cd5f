import type { ParamSchema } from '../types.js';

/** Terse constructors for hand-written schemas. Every key is optional unless `req` is used. */
type Extra = Omit<ParamSchema, 'type'>;

export const str = (extra: Extra = {}): ParamSchema => ({ type: 'string', optional: 1, ...extra });
export const int = (minimum?: number, maximum?: number, extra: Extra = {}): ParamSchema => ({
  type: 'integer',
  optional: 1,
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
  ...extra,
});
export const num = (minimum?: number, maximum?: number, extra: Extra = {}): ParamSchema => ({
  type: 'number',
  optional: 1,
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
  ...extra,
});
export const bool = (extra: Extra = {}): ParamSchema => ({
  type: 'boolean',
  optional: 1,
  ...extra,
});
export const oneOf = (values: string[], extra: Extra = {}): ParamSchema =>
  str({ enum: values, ...extra });
export const alias = (target: string): ParamSchema => ({ alias: target });

/** Marks a schema as required (PVE: no `optional`). */
export function req(schema: ParamSchema): ParamSchema {
  const copy = { ...schema };
  delete copy.optional;
  return copy;
}
