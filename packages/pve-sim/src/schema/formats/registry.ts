import type { InlineFormat } from '../types.js';

/** A code format: throws FormatError with PVE's die text when the value is invalid. */
export type FormatValidator = (value: string) => void;
/** Runs after a hash format parsed and type-checked fine (PVE's $format_validators). */
export type ParsedValidator = (parsed: Record<string, string>) => void;

export type NamedFormat =
  | { kind: 'code'; check: FormatValidator }
  | { kind: 'hash'; format: InlineFormat; validator?: ParsedValidator };

const formats = new Map<string, NamedFormat>();

/** Like PVE::JSONSchema::register_format: a validator function or a property-string hash. */
export function registerFormat(
  name: string,
  def: FormatValidator | InlineFormat,
  validator?: ParsedValidator,
): void {
  if (typeof def === 'function') formats.set(name, { kind: 'code', check: def });
  else
    formats.set(
      name,
      validator ? { kind: 'hash', format: def, validator } : { kind: 'hash', format: def },
    );
}

export function getFormat(name: string): NamedFormat | undefined {
  return formats.get(name);
}

export function registeredFormatNames(): string[] {
  return [...formats.keys()].sort();
}
