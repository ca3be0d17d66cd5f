import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, isRetryable, type FailureKind } from '../../src/index.js';

const opts = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const st = (status: number): FailureKind => ({ kind: 'status', status });

describe('retry policy', () => {
  it.each([502, 503, 504, 595, 596, 599])('retries a GET answered %i', (status) => {
    expect(isRetryable({ method: 'GET', failure: st(status) })).toBe(true);
  });

  it.each([400, 401, 403, 404, 500, 501])('does not retry a GET answered %i', (status) => {
    expect(isRetryable({ method: 'GET', failure: st(status) })).toBe(false);
  });

  it('retries GETs on network errors and timeouts', () => {
    expect(isRetryable({ method: 'GET', failure: { kind: 'network' } })).toBe(true);
    expect(isRetryable({ method: 'GET', failure: { kind: 'timeout' } })).toBe(true);
  });

  it.each(['POST', 'PUT', 'DELETE'])(
    'never retries %s on a status, a reset or a timeout',
    (method) => {
      for (const failure of [
        st(500),
        st(503),
        st(595),
        st(596),
        { kind: 'network' as const },
        { kind: 'timeout' as const },
      ]) {
        expect(isRetryable({ method, failure })).toBe(false);
      }
    },
  );

  it('retries any method when the connection could not be established (nothing was sent)', () => {
    expect(isRetryable({ method: 'POST', failure: { kind: 'connect' } })).toBe(true);
  });

  it('never retries fatal failures such as certificate errors', () => {
    expect(isRetryable({ method: 'GET', failure: { kind: 'fatal' } })).toBe(false);
  });

  it('treats an explicitly idempotent request like a read', () => {
    expect(isRetryable({ method: 'PUT', idempotent: true, failure: st(503) })).toBe(true);
  });

  it('stops after the configured number of attempts', () => {
    expect(decideRetry({ method: 'GET', attempt: 3, failure: st(503) }, opts, () => 0).retry).toBe(
      true,
    );
    expect(decideRetry({ method: 'GET', attempt: 4, failure: st(503) }, opts, () => 0).retry).toBe(
      false,
    );
  });

  it('backs off exponentially with jitter inside [d/2, d], capped', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, opts, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, opts, () => 1))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(10, opts, () => 1)).toBe(1000);
    expect(backoffDelay(10, opts, () => 0)).toBe(500);
    const d = decideRetry({ method: 'GET', attempt: 2, failure: st(595) }, opts, () => 0.5);
    expect(d).toEqual({ retry: true, delayMs: 150 });
  });
});
