import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpMethod, MethodDefinition, ParamSchema } from '../schema/index.js';

/** Reads the official apidata.json tree (never part of the repo) into MethodDefinitions. */
interface ApiNode {
  path: string;
  info?: Partial<Record<HttpMethod, ApiMethodInfo>>;
  children?: ApiNode[];
}
interface ApiMethodInfo {
  parameters?: {
    properties?: Record<string, ParamSchema>;
    additionalProperties?: boolean | number;
  };
  returns?: unknown;
  protected?: number | boolean;
  proxyto?: string;
  allowtoken?: number | boolean;
  permissions?: unknown;
}

const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

function repoRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** $PVE_API_SCHEMA, else <repo root>/../shared/pve-api/apidata.json - if the file exists. */
export function officialSchemaPath(): string | undefined {
  const env = process.env.PVE_API_SCHEMA;
  if (env) return existsSync(env) ? resolve(env) : undefined;
  const root = repoRoot();
  if (!root) return undefined;
  const candidate = resolve(root, '..', 'shared', 'pve-api', 'apidata.json');
  return existsSync(candidate) ? candidate : undefined;
}

/** The path officialSchemaPath() looks at, for skip messages. */
export function expectedSchemaPath(): string {
  const root = repoRoot() ?? process.cwd();
  return process.env.PVE_API_SCHEMA ?? resolve(root, '..', 'shared', 'pve-api', 'apidata.json');
}

/** apidata writes `enum: null` where PVE's code referenced an undefined list: no enum at all. */
function normalize(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(normalize);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'enum' && v === null) continue;
    out[k] = k === 'description' || k === 'verbose_description' ? v : normalize(v);
  }
  return out;
}

const cache = new Map<string, MethodDefinition[]>();

export function loadOfficialApi(path?: string): MethodDefinition[] | undefined {
  const file = path ?? officialSchemaPath();
  if (!file || !existsSync(file)) return undefined;
  const hit = cache.get(file);
  if (hit) return hit;
  const tree = JSON.parse(readFileSync(file, 'utf8')) as ApiNode[];
  const out: MethodDefinition[] = [];
  const walk = (nodes: ApiNode[]): void => {
    for (const node of nodes) {
      for (const method of METHODS) {
        const info = node.info?.[method];
        if (info) out.push(toDefinition(method, node.path, info));
      }
      walk(node.children ?? []);
    }
  };
  walk(tree);
  cache.set(file, out);
  return out;
}

function toDefinition(method: HttpMethod, path: string, info: ApiMethodInfo): MethodDefinition {
  const params = info.parameters ?? {};
  const parameters: MethodDefinition['parameters'] = {
    properties: normalize(params.properties ?? {}) as Record<string, ParamSchema>,
  };
  if (params.additionalProperties !== undefined)
    parameters.additionalProperties = params.additionalProperties;
  const def: MethodDefinition = {
    method,
    path,
    parameters,
    allowtoken: info.allowtoken === undefined || !!info.allowtoken,
  };
  if (info.returns !== undefined) def.returns = normalize(info.returns);
  if (info.protected !== undefined) def.protected = !!info.protected;
  if (info.proxyto !== undefined) def.proxyto = info.proxyto;
  if (info.permissions !== undefined) def.permissions = info.permissions;
  return def;
}
