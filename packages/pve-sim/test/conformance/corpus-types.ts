import type { Encoding } from '../../src/schema/index.js';

/** One conformance request. Path parameters live in `path`; `params` are the query/body ones. */
export interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  params: Record<string, unknown>;
  encoding: Encoding;
  /** Status the simulator answers a schema-valid request with (default 200). */
  status?: number;
  /** Handler-level parameter errors PVE answers a schema-valid request with. */
  errors?: Record<string, string>;
  /** Changes state: the suite resets the simulator to the seed before sending it. */
  mutates?: boolean;
}

export const get = (
  name: string,
  path: string,
  params: Record<string, unknown> = {},
  status?: number,
  errors?: Record<string, string>,
): Case => ({
  name,
  method: 'GET',
  path,
  params,
  encoding: 'query',
  ...(status === undefined ? {} : { status }),
  ...(errors === undefined ? {} : { errors }),
});

export const post = (
  name: string,
  path: string,
  params: Record<string, unknown>,
  extra: Partial<Case> = {},
): Case => ({ name, method: 'POST', path, params, encoding: 'form', mutates: true, ...extra });
