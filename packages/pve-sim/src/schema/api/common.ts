import { str } from '../formats/schema-helpers.js';
import type { HttpMethod, MethodDefinition, ParamSchema } from '../types.js';

/** Shared parameter schemas (PVE standard options) and a definition builder. */
export const nodeParam: ParamSchema = { type: 'string', format: 'pve-node' };
export const vmidParam: ParamSchema = {
  type: 'integer',
  format: 'pve-vmid',
  minimum: 100,
  maximum: 999999999,
};
export const storageParam: ParamSchema = { type: 'string', format: 'pve-storage-id' };
export const optional = (s: ParamSchema): ParamSchema => ({ ...s, optional: 1 });
export const digestParam: ParamSchema = str({ maxLength: 40 });

export interface DefOptions {
  protected?: boolean;
  proxyto?: string;
  allowtoken?: boolean;
  returns?: unknown;
  /** Undefined means PVE's default: additional parameters are allowed. */
  additionalProperties?: boolean | number;
}

export function def(
  method: HttpMethod,
  path: string,
  properties: Record<string, ParamSchema>,
  opts: DefOptions = {},
): MethodDefinition {
  const parameters: MethodDefinition['parameters'] = { properties };
  if (opts.additionalProperties !== undefined)
    parameters.additionalProperties = opts.additionalProperties;
  const out: MethodDefinition = { method, path, parameters };
  if (opts.protected !== undefined) out.protected = opts.protected;
  if (opts.proxyto !== undefined) out.proxyto = opts.proxyto;
  out.allowtoken = opts.allowtoken ?? true;
  if (opts.returns !== undefined) out.returns = opts.returns;
  return out;
}
