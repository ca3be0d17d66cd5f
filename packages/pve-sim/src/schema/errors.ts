import type { ErrorMap } from './types.js';

/**
 * Adds an error for a path the way PVE::JSONSchema add_error does: a second error for the same
 * path is appended after the literal two characters backslash-n (Perl's single-quoted '\n').
 */
export function addError(errors: ErrorMap, path: string, msg: string): void {
  const key = path === '' ? '_root' : path;
  const prev = errors[key];
  errors[key] = prev === undefined ? msg : `${prev}\\n${msg}`;
}

/**
 * A die() inside a format check. `message` is exactly what Perl's `$@` stringifies to,
 * including the trailing newline and, for property strings, the `key: msg` lines of PVE::Exception.
 */
export class PropertyStringError extends Error {
  readonly errors: ErrorMap | undefined;
  constructor(message: string, errors?: ErrorMap) {
    super(errors ? stringifyWithErrors(message, errors) : message);
    this.name = 'PropertyStringError';
    this.errors = errors;
  }
}

/**
 * Format validators and structural property-string problems throw this; it carries PVE's die
 * text verbatim. A PropertyStringError, so callers can catch every parse failure with one type.
 */
export class FormatError extends PropertyStringError {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

/** PVE::Exception::stringify: message (newline-terminated) followed by one `key: value\n` per error. */
function stringifyWithErrors(message: string, errors: ErrorMap): string {
  let text = message.endsWith('\n') ? message : `${message}\n`;
  // Perl hash order is random; sorted keys keep our output deterministic.
  for (const key of Object.keys(errors).sort()) text += `${key}: ${errors[key] ?? ''}\n`;
  return text;
}

export function dieText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
