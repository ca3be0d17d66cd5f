import { checkObject, isNumber } from './engine.js';
import { FormatError, PropertyStringError } from './errors.js';
import { getFormat, type ParsedValidator } from './formats/registry.js';
import type { ErrorMap, InlineFormat } from './types.js';

/** PVE::Tools::split_list: NUL-separated, else split on commas, semicolons and whitespace. */
export function splitList(text: string): string[] {
  if (text.includes('\0')) return text.split('\0');
  return text
    .replace(/[,;]/g, ' ')
    .replace(/^\s+/, '')
    .split(/\s+/)
    .filter((part) => part !== '');
}

/** PVE::JSONSchema::parse_boolean (property strings accept on/off/yes/no/true/false). */
function parseBoolean(text: string): string | undefined {
  if (/^(1|on|yes|true)$/i.test(text)) return '1';
  if (/^(0|off|no|false)$/i.test(text)) return '0';
  return undefined;
}

export function resolveFormat(format: string | InlineFormat): {
  fmt: InlineFormat;
  validator?: ParsedValidator;
} {
  if (typeof format !== 'string') return { fmt: format };
  const reg = getFormat(format);
  if (!reg) throw new FormatError(`unknown format: ${format}\n`);
  if (reg.kind !== 'hash')
    throw new FormatError('parse_property_string only accepts hash based named formats\n');
  return reg.validator ? { fmt: reg.format, validator: reg.validator } : { fmt: reg.format };
}

/**
 * PVE::JSONSchema::parse_property_string. Errors carry Perl's `$@` text: structural problems
 * ("invalid key in comma-separated list property: foo\n") or "format error\n" plus `path.key: msg`
 * lines from the type check of the parsed hash.
 */
export function parsePropertyStringRaw(
  format: string | InlineFormat,
  data: string,
  path = '',
): Record<string, string> {
  const { fmt, validator } = resolveFormat(format);
  const res: Record<string, string> = {};
  let defaultKey: string | undefined;
  for (const part of data.split(',')) {
    if (/^\s*$/.test(part)) continue;
    // Perl's `(.+)$`: no newlines in the value, but `$` may precede one final newline.
    const kv = /^([^=]+)=(.+)\n?$/.exec(part);
    if (kv) {
      let k = kv[1] as string;
      let v = kv[2] as string;
      if (res[k] !== undefined)
        throw new FormatError(`duplicate key in comma-separated list property: ${k}\n`);
      let schema = fmt[k];
      if (schema?.alias !== undefined) {
        if (schema.keyAlias !== undefined) {
          if (res[schema.keyAlias] !== undefined)
            throw new FormatError(`key alias '${schema.keyAlias}' is already defined\n`);
          res[schema.keyAlias] = k;
        }
        k = schema.alias;
        schema = fmt[k];
        if (res[k] !== undefined)
          throw new FormatError(`key '${k}' is already defined (via alias)\n`);
      }
      if (!schema) throw new FormatError(`invalid key in comma-separated list property: ${k}\n`);
      if (schema.type === 'boolean') v = parseBoolean(v) ?? v;
      res[k] = v;
    } else if (!part.includes('=')) {
      if (defaultKey !== undefined)
        throw new FormatError(`duplicate key in comma-separated list property: ${defaultKey}\n`);
      for (const [key, s] of Object.entries(fmt)) {
        if (!s.default_key) continue;
        defaultKey = key;
        // Perl tests truthiness here: an earlier explicit `key=0` does not count as set.
        if (res[key] === undefined || res[key] === '' || res[key] === '0') {
          res[key] = s.type === 'boolean' ? (parseBoolean(part) ?? part) : part;
          break;
        }
        throw new FormatError(`duplicate key in comma-separated list property: ${key}\n`);
      }
      if (defaultKey === undefined)
        throw new FormatError('value without key, but schema does not define a default key\n');
    } else {
      throw new FormatError('missing key in comma-separated list property\n');
    }
  }
  const errors: ErrorMap = {};
  checkObject(path, fmt, res, 0, errors);
  if (Object.keys(errors).length > 0) throw new PropertyStringError('format error\n', errors);
  validator?.(res);
  return res;
}

/** PVE::JSONSchema::format_size: exact bytes unless a whole K/M/G/T multiple. */
export function formatSize(bytes: number): string {
  let size = Math.trunc(bytes);
  const units = ['K', 'M', 'G', 'T'];
  let unit = '';
  for (const u of units) {
    if (size % 1024 !== 0) break;
    size /= 1024;
    unit = u;
  }
  return `${size}${unit}`;
}

/**
 * PVE::JSONSchema::print_property_string: default key first (joined with its keyAlias partner,
 * e.g. `virtio=BC:24:11:..`), then required keys, then the rest, each group sorted by key.
 */
export function printPropertyString(
  format: string | InlineFormat,
  values: Record<string, string | number>,
): string {
  const { fmt, validator } = resolveFormat(format);
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(values))
    if (v !== undefined && v !== null) data[k] = String(v);
  const errors: ErrorMap = {};
  checkObject('', fmt, data, undefined, errors);
  if (Object.keys(errors).length > 0) throw new PropertyStringError('format error', errors);
  validator?.(data);
  let defaultKey: string | undefined;
  const keyAliasProps: Record<string, string> = {};
  for (const [k, s] of Object.entries(fmt)) {
    if (s.default_key) defaultKey = k;
    if (s.keyAlias !== undefined && s.alias !== undefined) keyAliasProps[s.keyAlias] = s.alias;
  }
  const done = new Set<string>();
  const parts: string[] = [];
  const show = (key: string, value: string): string => {
    if (fmt[key]?.format === 'disk-size' && isNumber(value)) return formatSize(Number(value));
    if (value.includes(',')) throw new FormatError(`illegal value with commas for ${key}\n`);
    return value;
  };
  const add = (key: string, isDefault: boolean): void => {
    if (done.has(key)) return;
    done.add(key);
    const value = data[key];
    if (value === undefined) return;
    const combine = keyAliasProps[key];
    const combineValue = combine === undefined ? undefined : data[combine];
    if (combine !== undefined && combineValue !== undefined) {
      parts.push(`${show(key, value)}=${show(combine, combineValue)}`);
      done.add(combine);
      return;
    }
    const own = fmt[key];
    const phash = own?.alias !== undefined ? fmt[own.alias] : own;
    if (!phash) throw new FormatError(`invalid key '${key}'\n`);
    parts.push(isDefault ? show(key, value) : `${key}=${show(key, value)}`);
  };
  if (defaultKey !== undefined) add(defaultKey, true);
  const keys = Object.keys(data).sort();
  for (const k of keys) if (fmt[k] && !fmt[k].optional) add(k, false);
  for (const k of keys) add(k, false);
  return parts.join(',');
}
