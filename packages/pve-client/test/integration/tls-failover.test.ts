import { connect } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import { PveNetworkError, PveTlsError, createPveClient } from '../../src/index.js';
import { FAST, captureLogger, deadPort, startSim, tokenAuth, type SimControl } from './harness.js';

let sim: RunningSimulator;
let control: SimControl;

beforeAll(async () => {
  ({ sim, control } = await startSim({ https: true }));
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control.clearRequests();
});

const base = { auth: tokenAuth, ...FAST };

/** The simulator's certificate in PEM, read from a TLS handshake. */
async function peerPem(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const cert = await new Promise<Buffer>((resolve, reject) => {
    const socket = connect(
      { host: hostname, port: Number(port), rejectUnauthorized: false },
      () => {
        resolve(socket.getPeerCertificate().raw);
        socket.end();
      },
    );
    socket.on('error', reject);
  });
  const b64 = cert
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

describe('TLS verification', () => {
  it('accepts the pinned SHA-256 fingerprint (any case, with or without colons)', async () => {
    expect(sim.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    for (const fingerprint of [
      sim.fingerprint!,
      sim.fingerprint!.replace(/:/g, '').toLowerCase(),
    ]) {
      const client = createPveClient({ ...base, endpoints: [sim.url], tls: { fingerprint } });
      await expect(client.nodes.list()).resolves.toHaveLength(3);
      await client.close();
    }
  });

  it('refuses a mismatching pin before sending anything, without retrying', async () => {
    const wrong = sim.fingerprint!.replace(/^../, sim.fingerprint!.startsWith('00') ? '11' : '00');
    const client = createPveClient({ ...base, endpoints: [sim.url], tls: { fingerprint: wrong } });
    const err = await client.nodes.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveTlsError);
    expect((err as PveTlsError).connectPhase).toBe(true);
    expect((err as Error).message).toContain('does not match the pinned fingerprint');
    expect(await control.requests()).toHaveLength(0);
    await client.close();
  });

  it('verifies against the system CAs by default, so a self-signed PVE is refused', async () => {
    const client = createPveClient({ ...base, endpoints: [sim.url] });
    await expect(client.nodes.list()).rejects.toBeInstanceOf(PveTlsError);
    expect(await control.requests()).toHaveLength(0);
    await client.close();
  });

  it('verifies against a given CA file', async () => {
    const client = createPveClient({
      ...base,
      endpoints: [sim.url],
      tls: { ca: await peerPem(sim.url) },
    });
    await expect(client.nodes.list()).resolves.toHaveLength(3);
    await client.close();
  });

  it('skips verification only with insecure: true, and says so in a warning', async () => {
    const logger = captureLogger();
    const client = createPveClient({
      ...base,
      endpoints: [sim.url],
      tls: { insecure: true },
      logger,
    });
    await expect(client.nodes.list()).resolves.toHaveLength(3);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toContain(
      'TLS certificate verification DISABLED for this PVE endpoint (insecure: true)',
    );
    await client.close();
  });
});

describe('failover between endpoints', () => {
  it('uses the next endpoint when the first refuses connections, and sticks to it', async () => {
    const logger = captureLogger();
    const dead = `https://127.0.0.1:${await deadPort()}`;
    const client = createPveClient({
      ...base,
      endpoints: [dead, sim.url],
      tls: { fingerprint: sim.fingerprint! },
      logger,
    });
    await expect(client.nodes.list()).resolves.toHaveLength(3);
    await expect(client.cluster.nextId()).resolves.toBeGreaterThanOrEqual(100);
    expect((await control.requests()).map((e) => e.path)).toEqual(['/nodes', '/cluster/nextid']);
    const failovers = logger.lines.filter((l) => l.msg === 'PVE endpoint failover');
    expect(failovers).toHaveLength(1);
    await client.close();
  });

  it('reports a network error naming the endpoints when all are down', async () => {
    const client = createPveClient({
      ...base,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      endpoints: [`https://127.0.0.1:${await deadPort()}`, `https://127.0.0.1:${await deadPort()}`],
    });
    const err = await client.nodes.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveNetworkError);
    expect(err).toMatchObject({ connectPhase: true, code: 'ECONNREFUSED', path: '/nodes' });
    await client.close();
  });
});
