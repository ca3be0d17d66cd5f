import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import { PveAbortError, PveAuthError, PveHttpError, createPveClient } from '../../src/index.js';
import {
  classroomCredentials,
  clientFor,
  FAST,
  startSim,
  userAuth,
  type SimControl,
} from './harness.js';

let sim: RunningSimulator;
let control: SimControl;

beforeAll(async () => {
  ({ sim, control } = await startSim());
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control.clearRequests();
});

// A DELETE on a bogus task passes PVE's auth and CSRF layers and fails in the handler:
// 400 proves the write was authenticated; 401 would mean auth or CSRF was refused.
const BOGUS_TASK = '/nodes/pve1/tasks/not-a-upid';

describe('API token auth', () => {
  it('reads with the token and needs no CSRF for writes', async () => {
    const client = clientFor(sim);
    const nodes = await client.nodes.list();
    expect(nodes.map((n) => n.node).sort()).toEqual(['pve1', 'pve2', 'pve3']);
    await expect(client.request('DELETE', BOGUS_TASK)).rejects.toMatchObject({ status: 400 });
    const journal = await control.requests();
    expect(journal.map((e) => e.identity)).toEqual([
      classroomCredentials.builderToken.tokenid,
      classroomCredentials.builderToken.tokenid,
    ]);
    expect(journal.some((e) => e.path === '/access/ticket')).toBe(false);
    await client.close();
  });

  it('refuses a wrong secret with a PveAuthError that does not leak it', async () => {
    const secret = 'ffffffff-0000-4000-8000-000000000000';
    const client = clientFor(sim, {
      auth: { kind: 'token', tokenId: classroomCredentials.builderToken.tokenid, secret },
    });
    const err = await client.nodes.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveAuthError);
    expect(err).toMatchObject({ status: 401, reason: 'Authentication failed!', path: '/nodes' });
    expect(String((err as Error).message) + JSON.stringify(err)).not.toContain(secret);
    await client.close();
  });
});

describe('ticket auth', () => {
  it('logs in once for concurrent first calls and sends CSRF on writes', async () => {
    const client = clientFor(sim, { auth: userAuth });
    const all = await Promise.all([
      client.nodes.list(),
      client.cluster.resources('node'),
      client.nodes.list(),
    ]);
    expect(all[0]).toHaveLength(3);
    await expect(client.request('DELETE', BOGUS_TASK)).rejects.toMatchObject({ status: 400 });
    const logins = await control.requests({ method: 'POST', path: '/access/ticket' });
    expect(logins).toHaveLength(1);
    const del = await control.requests({ method: 'DELETE' });
    expect(del).toEqual([expect.objectContaining({ identity: 'labforge@pve', status: 400 })]);
    await client.close();
  });

  it('one caller aborting during the shared login does not fail the others', async () => {
    const client = clientFor(sim, { auth: userAuth });
    const ac = new AbortController();
    const aborted = client.nodes.list({ signal: ac.signal });
    const others = [client.nodes.list(), client.cluster.resources('node')];
    ac.abort();
    await expect(aborted).rejects.toBeInstanceOf(PveAbortError);
    await expect(Promise.all(others)).resolves.toHaveLength(2);
    expect(await control.requests({ method: 'POST', path: '/access/ticket' })).toHaveLength(1);
    await client.close();
  });

  it('the simulator really refuses a ticket write without CSRF (so the test above means something)', async () => {
    const login = await request(`${sim.url}/api2/json/access/ticket`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        username: userAuth.username,
        password: userAuth.password,
      }).toString(),
    });
    const { data } = (await login.body.json()) as { data: { ticket: string } };
    const res = await request(`${sim.url}/api2/json${BOGUS_TASK}`, {
      method: 'DELETE',
      headers: { cookie: `PVEAuthCookie=${encodeURIComponent(data.ticket)}` },
    });
    await res.body.dump();
    expect(res.statusCode).toBe(401);
    expect(res.statusText).toBe('Permission denied - invalid csrf token');
  });

  it('refuses a wrong password with a redacted PveAuthError', async () => {
    const password = 'not-the-password-42';
    const client = clientFor(sim, { auth: { ...userAuth, password } });
    const err = await client.nodes.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveAuthError);
    expect(err).toMatchObject({ status: 401, path: '/access/ticket' });
    expect((err as Error).message).not.toContain(password);
    await client.close();
  });

  it('renews the ticket after an hour with ONE renewal shared by concurrent callers', async () => {
    let now = Date.now();
    const client = createPveClient({
      endpoints: [sim.url],
      auth: userAuth,
      ...FAST,
      now: () => now,
    });
    await client.nodes.list();
    await control.clearRequests();
    now += 61 * 60_000;
    await control.advanceClock(61 * 60);
    const results = await Promise.all(Array.from({ length: 8 }, () => client.nodes.list()));
    expect(results.every((r) => r.length === 3)).toBe(true);
    const logins = await control.requests({ method: 'POST', path: '/access/ticket' });
    expect(logins).toHaveLength(1);
    // Renewal sends the current ticket as password, not the user's password.
    expect(String(logins[0]!.params.password)).toMatch(/^PVE:labforge@pve:/);
    expect(logins[0]!.status).toBe(200);
    const reads = await control.requests({ path: '/nodes' });
    expect(reads.map((e) => e.status)).toEqual(Array(8).fill(200));
    // The renewed ticket keeps working past the old ticket's 2-hour expiry.
    now += 30 * 60_000;
    await control.advanceClock(70 * 60);
    await expect(client.nodes.list()).resolves.toHaveLength(3);
    await client.close();
  });

  it('after a 401 (ticket expired behind its back) logs in ONCE again and replays every request', async () => {
    const client = clientFor(sim, { auth: userAuth });
    await client.nodes.list();
    await control.clearRequests();
    // The client's clock does not move, so it believes its ticket is fresh.
    await control.advanceClock(3 * 3600);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.cluster.resources('node')),
    );
    expect(results.every((r) => r.length === 3)).toBe(true);
    const logins = await control.requests({ method: 'POST', path: '/access/ticket' });
    expect(logins).toHaveLength(1);
    expect(logins[0]!.params.password).toBe(userAuth.password);
    const reads = await control.requests({ path: '/cluster/resources' });
    expect(reads.filter((e) => e.status === 401).length).toBeGreaterThan(0);
    expect(reads.filter((e) => e.status === 200)).toHaveLength(5);
    await client.close();
  });

  it('gives up after one re-login when the replay is refused too', async () => {
    const client = clientFor(sim, { auth: userAuth });
    await client.nodes.list();
    await control.clearRequests();
    await control.addFault({
      method: 'GET',
      path: '/nodes',
      count: 5,
      effect: { type: 'status', status: 401, reason: 'Authentication failed!' },
    });
    try {
      const err = await client.nodes.list().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PveAuthError);
      expect(err).toBeInstanceOf(PveHttpError);
      expect(await control.requests({ method: 'GET', path: '/nodes' })).toHaveLength(2);
      expect(await control.requests({ path: '/access/ticket' })).toHaveLength(1);
    } finally {
      await control.clearFaults();
      await client.close();
    }
  });
});
