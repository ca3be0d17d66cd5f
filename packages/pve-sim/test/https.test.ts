import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { builder, call, start } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start({ https: true });
});
afterAll(() => sim.close());

function peerFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('HTTPS', () => {
  it('serves the API with a self-signed certificate whose fingerprint is reported', async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(await peerFingerprint(sim.port)).toBe(sim.fingerprint);
    const nodes = await call(sim, 'GET', '/nodes', { auth: builder });
    expect(nodes.body.data[0].ssl_fingerprint).toBe(sim.fingerprint);
  });
});
