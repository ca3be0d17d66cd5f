import type { Endpoint } from '@labforge/contracts';
import { http, HttpResponse, type DefaultBodyType, type PathParams } from 'msw';
import { setupServer } from 'msw/node';
import type { SuccessOf } from '../lib/api-client.js';

export const server = setupServer();

interface Call {
  request: Request;
  url: URL;
  params: PathParams;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

function route(endpoint: Endpoint) {
  const method = endpoint.method.toLowerCase() as Method;
  return { method, path: `*${endpoint.path}` };
}

/** A handler whose answer is checked against the endpoint's success type from the contract. */
export function mockEndpoint<E extends Endpoint>(
  endpoint: E,
  reply: (call: Call) => SuccessOf<E> | Promise<SuccessOf<E>>,
  status = 200,
) {
  const { method, path } = route(endpoint);
  return http[method](path, async ({ request, params }) => {
    const body = await reply({ request, url: new URL(request.url), params });
    return HttpResponse.json(body as DefaultBodyType, { status });
  });
}

/** The API's one error body for an endpoint. */
export function mockError(
  endpoint: Endpoint,
  status: number,
  error: string,
  details?: Record<string, unknown>,
) {
  const { method, path } = route(endpoint);
  return http[method](path, () =>
    HttpResponse.json({ ok: false, error, ...(details ? { details } : {}) }, { status }),
  );
}

/** Records the JSON bodies and headers sent to an endpoint, then answers like `reply`. */
export function captureEndpoint<E extends Endpoint>(
  endpoint: E,
  reply: (call: Call) => SuccessOf<E>,
  status = 200,
) {
  const calls: Array<{ body: unknown; headers: Headers }> = [];
  const { method, path } = route(endpoint);
  const handler = http[method](path, async ({ request, params }) => {
    // A call without a body (DELETE, a bodiless POST) is recorded with `undefined`.
    const text = await request.clone().text();
    calls.push({
      body: text ? (JSON.parse(text) as unknown) : undefined,
      headers: request.headers,
    });
    return HttpResponse.json(
      reply({ request, url: new URL(request.url), params }) as DefaultBodyType,
      {
        status,
      },
    );
  });
  return { handler, calls };
}

/** A promise the test resolves when it wants a slow answer to arrive. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
