import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type AppConfig } from './schema.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;
type Raw = Record<string, unknown>;

function readFile(path: string): Raw {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('the top level must be an object');
    }
    return parsed as Raw;
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid: ${(err as Error).message}`);
  }
}

/** The env name fragment of a cluster id: `lab-a` -> `LAB_A`. */
export function envKey(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function asObject(v: unknown): Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {};
}

/**
 * Environment overrides. Secrets can live only in the environment: per cluster
 * LABFORGE_CLUSTER_<ID>_TOKEN_SECRET, _PASSWORD and _SSH_PASSWORD fill the file's entries.
 */
function applyEnv(raw: Raw, env: Env): Raw {
  const out: Raw = { ...raw };
  const num = (k: string) => (env[k] !== undefined ? Number(env[k]) : undefined);
  const set = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  set('port', num('LABFORGE_PORT'));
  set('host', env.LABFORGE_HOST);
  set('data_dir', env.LABFORGE_DATA_DIR);
  set('session_secret', env.LABFORGE_SESSION_SECRET);
  set('log_level', env.LABFORGE_LOG_LEVEL);
  set('web_dist', env.LABFORGE_WEB_DIST);
  if (env.LABFORGE_TRUST_PROXY !== undefined)
    out.trust_proxy = trustProxyFromEnv(env.LABFORGE_TRUST_PROXY);
  if (Array.isArray(raw.clusters)) {
    out.clusters = raw.clusters.map((entry) => {
      const c = { ...asObject(entry) };
      const key = `LABFORGE_CLUSTER_${envKey(String(c.id ?? ''))}`;
      const tokenSecret = env[`${key}_TOKEN_SECRET`];
      if (tokenSecret !== undefined) c.token = { ...asObject(c.token), secret: tokenSecret };
      const password = env[`${key}_PASSWORD`];
      if (password !== undefined) c.user = { ...asObject(c.user), password };
      const sshPassword = env[`${key}_SSH_PASSWORD`];
      if (sshPassword !== undefined) c.ssh = { ...asObject(c.ssh), password: sshPassword };
      return c;
    });
  }
  return out;
}

/**
 * LABFORGE_TRUST_PROXY: `false` or a comma-separated list of addresses/CIDRs. `true` and numbers
 * are passed through so that the schema refuses them with its explanation.
 */
function trustProxyFromEnv(value: string): unknown {
  const v = value.trim();
  if (v === 'false' || v === '') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim());
}

/** One line per problem, naming the key; values are never echoed (they may be secrets). */
export function formatConfigIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `  - ${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('\n');
}

export function parseConfig(raw: unknown, source = 'config'): AppConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`invalid ${source}:\n${formatConfigIssues(result.error)}`);
  }
  return result.data;
}

/** Reads the file named by `path` or LABFORGE_CONFIG, applies the environment, validates. */
export function loadConfig(opts: { path?: string; env?: Env } = {}): AppConfig {
  const env = opts.env ?? process.env;
  const path = opts.path ?? env.LABFORGE_CONFIG;
  if (!path) {
    throw new ConfigError('no config file: pass --config FILE or set LABFORGE_CONFIG');
  }
  return parseConfig(applyEnv(readFile(path), env), `config ${path}`);
}
