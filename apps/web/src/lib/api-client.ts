import {
  buildPath,
  errorBodySchema,
  type BodyOf,
  type Endpoint,
  type QueryOf,
} from '@labforge/contracts';
import type { z } from 'zod';

/** The 2xx answers an endpoint documents, as one union. */
export type SuccessOf<E extends Endpoint> = {
  [S in keyof E['responses']]: S extends 200 | 201 | 202
    ? E['responses'][S] extends z.ZodType
      ? z.output<E['responses'][S]>
      : never
    : never;
}[keyof E['responses']];

/** A refusal from the API in its one error body; `fields` maps a request field to its message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get fields(): Record<string, string> {
    const fields = this.details.fields;
    if (!fields || typeof fields !== 'object') return {};
    return Object.fromEntries(
      Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  }
}

// The CSRF token lives only in memory: it comes with the session answer and goes back as a header.
let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The CSRF header for requests made without `apiRequest` (an upload with progress events). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

export interface RequestOptions<E extends Endpoint> {
  params?: Record<string, string | number>;
  query?: QueryOf<E>;
  body?: BodyOf<E>;
  signal?: AbortSignal;
}

export function endpointUrl(
  endpoint: Endpoint,
  params?: Record<string, string | number>,
  query?: Record<string, unknown>,
): string {
  const path = buildPath(endpoint.path, params);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** One fetch wrapper for every endpoint, typed by the contract's descriptor. */
export async function apiRequest<E extends Endpoint>(
  endpoint: E,
  options: RequestOptions<E> = {},
): Promise<SuccessOf<E>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (endpoint.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const url = endpointUrl(endpoint, options.params, options.query as Record<string, unknown>);
  let response: Response;
  try {
    // Resolved against the page so the same code runs in the browser and under jsdom.
    response = await fetch(new URL(url, document.baseURI), {
      method: endpoint.method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The LabForge server cannot be reached. Check your connection.');
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, payload);
  return payload as SuccessOf<E>;
}

function toApiError(status: number, payload: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(payload);
  if (parsed.success) return new ApiError(status, parsed.data.error, parsed.data.details);
  return new ApiError(status, `The server answered with status ${status}.`);
}
