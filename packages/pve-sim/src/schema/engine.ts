import { addError, dieText, FormatError, PropertyStringError } from './errors.js';
import { getFormat } from './formats/registry.js';
import { perlAnchoredRegex } from './perl-regex.js';
import { parsePropertyStringRaw, splitList } from './property-string.js';
import type { ErrorMap, InlineFormat, ParamSchema } from './types.js';
import { checkType, isNumber, perlRef, scalarText, type PerlValue } from './perl-values.js';

export { isNumber, scalarText, type PerlValue };

/** PVE::JSONSchema::check_format: throws with Perl's `$@` text on failure. */
export function checkFormat(format: string | InlineFormat, value: string, path: string): void {
  if (typeof format !== 'string') {
    parsePropertyStringRaw(format, value, path);
    return;
  }
  if (format === 'regex') return;
  const m = /^(.*?)(?:-(list|opt))?$/.exec(format);
  const name = m?.[1] ?? format;
  const kind = m?.[2] ?? 'none';
  const registered = getFormat(name);
  if (!registered) throw new FormatError(`undefined format '${format}'\n`);
  if (kind !== 'none' && registered.kind !== 'code') {
    throw new FormatError(`'-${kind}' format must have code ref, not hash\n`);
  }
  if (registered.kind === 'hash') {
    parsePropertyStringRaw(format, value, path);
  } else if (kind === 'list') {
    for (const item of splitList(value)) registered.check(item);
  } else if (kind === 'opt') {
    if (value !== '' && value !== '0') registered.check(value);
  } else {
    registered.check(value);
  }
}

/** PVE::JSONSchema::check_prop for the cases PVE API parameters use. */
export function checkProp(
  value: PerlValue,
  schema: ParamSchema,
  path: string,
  errors: ErrorMap,
): void {
  if (schema.alias) return; // aliases are remapped to their target before validation
  if (value === undefined || value === null) {
    if (schema.type === 'null') return;
    if (!schema.optional) addError(errors, path, 'property is missing and it is not optional');
    return;
  }
  if (!checkType(path, schema.type, value, errors)) return;
  if (Array.isArray(value)) {
    if (schema.items)
      value.forEach((el, i) => checkProp(el, schema.items as ParamSchema, `${path}[${i}]`, errors));
    return;
  }
  if (perlRef(value) === 'HASH') {
    if (schema.properties || schema.additionalProperties) {
      checkObject(
        path,
        schema.properties ?? {},
        value as Record<string, PerlValue>,
        schema.additionalProperties,
        errors,
      );
    }
    return;
  }
  const text = scalarText(value);
  if (schema.format !== undefined) {
    try {
      checkFormat(schema.format, text, path);
    } catch (err) {
      addError(errors, path, `invalid format - ${dieText(err)}`);
      return;
    }
  }
  if (schema.pattern !== undefined && !perlAnchoredRegex(schema.pattern).test(text)) {
    addError(errors, path, 'value does not match the regex pattern');
    return;
  }
  const length = [...text].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    addError(errors, path, `value may only be ${schema.maxLength} characters long`);
    return;
  }
  if (schema.minLength !== undefined && length < schema.minLength) {
    addError(errors, path, `value must be at least ${schema.minLength} characters long`);
    return;
  }
  if (isNumber(text)) {
    if (schema.maximum !== undefined && Number(text) > schema.maximum) {
      addError(errors, path, `value must have a maximum value of ${schema.maximum}`);
      return;
    }
    if (schema.minimum !== undefined && Number(text) < schema.minimum) {
      addError(errors, path, `value must have a minimum value of ${schema.minimum}`);
      return;
    }
  }
  if (schema.enum && !schema.enum.includes(text)) {
    addError(
      errors,
      path,
      `value '${text}' does not have a value in the enumeration '${schema.enum.join(', ')}'`,
    );
  }
}

/** PVE::JSONSchema::check_object: schema keys first (missing/invalid), then the given keys. */
export function checkObject(
  path: string,
  schema: Record<string, ParamSchema>,
  value: Record<string, PerlValue>,
  additional: ParamSchema['additionalProperties'],
  errors: ErrorMap,
): void {
  const sub = (k: string): string => (path ? `${path}.${k}` : k);
  for (const k of Object.keys(value)) {
    const alias = schema[k]?.alias;
    if (alias === undefined) continue;
    if (value[alias] !== undefined)
      addError(errors, sub(k), `cannot set both '${k}' and its alias target '${alias}'`);
    else {
      value[alias] = value[k];
      delete value[k];
    }
  }
  for (const [k, s] of Object.entries(schema)) checkProp(value[k], s, sub(k), errors);
  for (const k of Object.keys(value)) {
    const s = schema[k];
    if (s) {
      if (
        s.requires !== undefined &&
        (value[s.requires] === undefined || value[s.requires] === null)
      ) {
        addError(errors, sub(s.requires), `missing property required by '${sub(k)}'`);
      }
      continue;
    }
    if (additional !== undefined && !additional) {
      addError(
        errors,
        sub(k),
        'property is not defined in schema and the schema does not allow additional properties',
      );
    } else if (typeof additional === 'object') {
      checkProp(value[k], additional, sub(k), errors);
    }
  }
}

export { PropertyStringError };
