/** HTTP methods the PVE API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * An inline property-string format: key -> schema of that key. Mirrors PVE's hash formats
 * (JSONSchema.pm parse_property_string), including `default_key`, `alias` and `keyAlias`.
 */
export type InlineFormat = Record<string, ParamSchema>;

/** A parameter schema in the style of apidata.json / PVE::JSONSchema. */
export interface ParamSchema {
  type?: string | string[];
  optional?: boolean | number;
  default?: unknown;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  /** A named format ('pve-vmid', 'pve-tag-list', ...) or an inline property-string format. */
  format?: string | InlineFormat;
  /** Name of another key that must be present when this one is. */
  requires?: string;
  /** Inside property strings: the key whose value may be given without `key=`. */
  default_key?: boolean | number;
  /** Inside property strings: this key is another name for the key given here. */
  alias?: string;
  /** Inside property strings: the key name itself is stored under this key (net's model=mac). */
  keyAlias?: string;
  items?: ParamSchema;
  properties?: Record<string, ParamSchema>;
  additionalProperties?: boolean | number | ParamSchema;
  description?: string;
  typetext?: string;
  format_description?: string;
  verbose_description?: string;
  [extra: string]: unknown;
}

export interface MethodDefinition {
  method: HttpMethod;
  /** Path template, e.g. '/nodes/{node}/qemu/{vmid}/config'. */
  path: string;
  parameters: { properties: Record<string, ParamSchema>; additionalProperties?: boolean | number };
  /** apidata 'returns' schema, for response-shape checks. */
  returns?: unknown;
  protected?: boolean;
  proxyto?: string;
  allowtoken?: boolean;
  permissions?: unknown;
}

export type Encoding = 'form' | 'json' | 'query';

/** Errors keyed by parameter path ('vmid', 'scsi0.file', ...) as PVE reports them. */
export type ErrorMap = Record<string, string>;
