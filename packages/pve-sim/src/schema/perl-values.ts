import { addError } from './errors.js';
import type { ErrorMap } from './types.js';

/**
 * A value as PVE's Perl code sees it after decoding the request: scalars (form/query strings,
 * JSON numbers), JSON booleans (JSON::PP::Boolean refs), arrays, objects, or undefined.
 */
export type PerlValue = unknown;

const IS_NUMBER = /^[+-]?(\d+\.\d+|\d+\.|\.\d+|\d+)([eE][+-]?\d+)?$/;
const IS_INTEGER = /^[+-]?\d+$/;

/** Perl's ref() name for a decoded JSON value, '' for plain scalars. */
export function perlRef(value: PerlValue): string {
  if (typeof value === 'boolean') return 'JSON::PP::Boolean';
  if (Array.isArray(value)) return 'ARRAY';
  if (value !== null && typeof value === 'object') return 'HASH';
  return '';
}

/** Perl stringification of a scalar. */
export function scalarText(value: PerlValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  return String(value);
}

export function isNumber(text: string): boolean {
  return IS_NUMBER.test(text);
}

/** PVE::JSONSchema::check_type for one (non-union) type name. */
export function checkType(
  path: string,
  type: string | string[] | undefined,
  value: PerlValue,
  errors: ErrorMap,
): boolean {
  if (type === undefined || type === 'any') return true;
  if (type === 'null') {
    if (value === undefined || value === null) return true;
    addError(errors, path, `type check ('null') failed - value is not null`);
    return false;
  }
  if (Array.isArray(type)) {
    for (const t of type) if (checkType(path, t, value, {})) return true;
    addError(errors, path, `type check ('${type.join('|')}') failed`);
    return false;
  }
  const ref = perlRef(value);
  if (type === 'array' || type === 'object') {
    if (ref !== (type === 'array' ? 'ARRAY' : 'HASH')) {
      addError(errors, path, `type check ('${type}') failed`);
      return false;
    }
    return true;
  }
  if (ref) {
    if (type === 'boolean' && ref === 'JSON::PP::Boolean') return true;
    addError(errors, path, `type check ('${type}') failed - got ${ref}`);
    return false;
  }
  const text = scalarText(value);
  const ok =
    type === 'boolean'
      ? text === '1' || text === '0'
      : type === 'integer'
        ? IS_INTEGER.test(text)
        : type === 'number'
          ? IS_NUMBER.test(text)
          : true;
  if (!ok) addError(errors, path, `type check ('${type}') failed - got '${text}'`);
  return ok;
}
