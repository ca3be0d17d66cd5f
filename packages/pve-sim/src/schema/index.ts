import './formats/index.js';
import {
  resolveFormat,
  parsePropertyStringRaw,
  printPropertyString as printRaw,
} from './property-string.js';
import type { InlineFormat, ParamSchema } from './types.js';
import { simulatorApi } from './api/index.js';

export type {
  Encoding,
  ErrorMap,
  HttpMethod,
  InlineFormat,
  MethodDefinition,
  ParamSchema,
} from './types.js';
export { matchRoute, type RouteMatch } from './route.js';
export { validateParameters, type ValidationResult } from './validate.js';
export { PropertyStringError, FormatError } from './errors.js';
export { expandIndexed } from './expand.js';
export { formatSize, splitList } from './property-string.js';
export { NEW_DISK_RE, VOLUME_ID_RE } from './formats/volume.js';
export { isValidDriveName, INDEXED_COUNTS } from './formats/qemu-boot.js';
export { registeredFormatNames } from './formats/registry.js';
export { simulatorApi };

/** A named format, or the inline format object of a parameter schema (or that schema itself). */
function toFormat(format: string | object): string | InlineFormat {
  if (typeof format === 'string') return format;
  const maybeParam = format as ParamSchema;
  if (maybeParam.type === 'string' && maybeParam.format !== undefined) return maybeParam.format;
  return format as InlineFormat;
}

/**
 * Parses a property string ('pve-qm-drive', 'pve-qm-net', 'pve-qm-boot', 'pve-qm-cpu', ... or an
 * inline format) exactly like PVE: aliases resolved, booleans normalized to '1'/'0', every key
 * type-checked. Throws PropertyStringError/FormatError whose message is PVE's die text.
 */
export function parsePropertyString(
  format: string | object,
  value: string,
): Record<string, string> {
  return parsePropertyStringRaw(toFormat(format), value);
}

/** Prints values in PVE's key order (default key first, then required keys, then sorted). */
export function printPropertyString(
  format: string | object,
  values: Record<string, string | number>,
): string {
  return printRaw(toFormat(format), values);
}

/** The schema of a named property-string format, for callers that need its defaults. */
export function propertyStringFormat(format: string): InlineFormat {
  return resolveFormat(format).fmt;
}
export { parseDrive, printDrive, parseSize, isDriveKey, type ParsedDrive } from './drive.js';
