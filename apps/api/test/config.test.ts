import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../src/config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'labforge-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cluster = {
  id: 'lab',
  name: 'Lab',
  endpoints: ['https://pve1.lab:8006'],
  token: { id: 'labforge@pve!builder', secret: 'file-secret' },
};

describe('config', () => {
  it('reads YAML, applies defaults (port 8080) and environment overrides, secrets from the environment', () => {
    const file = join(dir, 'labforge.yaml');
    writeFileSync(
      file,
      [
        'data_dir: /var/lib/labforge',
        'clusters:',
        '  - id: lab-a',
        '    name: Lab A',
        '    endpoints: [https://pve1.lab:8006, https://pve2.lab:8006]',
        '    token: { id: "labforge@pve!builder" }',
        '    tls: { fingerprint: "' + Array(32).fill('AB').join(':') + '" }',
        '    defaults: { storage: local-lvm }',
      ].join('\n'),
    );
    const config = loadConfig({
      path: file,
      env: {
        LABFORGE_SESSION_SECRET: 's'.repeat(40),
        LABFORGE_CLUSTER_LAB_A_TOKEN_SECRET: 'env-secret',
        LABFORGE_DATA_DIR: '/srv/lf',
      },
    });
    expect(config.port).toBe(8080);
    expect(config.data_dir).toBe('/srv/lf');
    expect(config.clusters[0]).toMatchObject({
      token: { secret: 'env-secret' },
      defaults: { storage: 'local-lvm', bridge: 'vmbr0' },
    });
    expect(config.clusters[0]!.virtio.url).toMatch(/fedorapeople\.org.*virtio-win\.iso$/);
    expect(config.clusters[0]!.proxmox_reads).toEqual({ per_node: 3, total: 64 });
    expect(config.clusters[0]!.spread_reads).toBe(true);
  });

  it('bounds Proxmox reads per node as configured, and refuses a bound of 0', () => {
    const parsed = parseConfig({
      session_secret: 'j'.repeat(32),
      clusters: [{ ...cluster, proxmox_reads: { per_node: 2 } }],
    });
    expect(parsed.clusters[0]!.proxmox_reads).toEqual({ per_node: 2, total: 64 });
    expect(() =>
      parseConfig({
        session_secret: 'j'.repeat(32),
        clusters: [{ ...cluster, proxmox_reads: { per_node: 0 } }],
      }),
    ).toThrow(/proxmox_reads/);
  });

  it('reads JSON and lets LABFORGE_PORT override', () => {
    const file = join(dir, 'labforge.json');
    writeFileSync(file, JSON.stringify({ session_secret: 'j'.repeat(32), clusters: [cluster] }));
    expect(loadConfig({ path: file, env: { LABFORGE_PORT: '9090' } }).port).toBe(9090);
  });

  it('explains every problem by key, without echoing values', () => {
    let message = '';
    try {
      parseConfig({
        port: 'x',
        clusters: [{ ...cluster, token: undefined, endpoints: ['ftp://nope-secret-host'] }],
      });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/session_secret: session_secret is required/);
    expect(message).toMatch(/port:/);
    expect(message).toMatch(/clusters\.0\.endpoints\.0: endpoints must be URLs/);
    expect(message).toMatch(/give exactly one of token or user/);
    expect(message).not.toContain('nope-secret-host');
  });

  it('refuses a short session secret and duplicate cluster ids', () => {
    expect(() => parseConfig({ session_secret: 'short', clusters: [cluster] })).toThrow(
      /at least 32/,
    );
    expect(() =>
      parseConfig({ session_secret: 'x'.repeat(32), clusters: [cluster, cluster] }),
    ).toThrow(/unique/);
  });

  it('names a missing file clearly', () => {
    expect(() => loadConfig({ env: {} })).toThrow(/LABFORGE_CONFIG/);
    expect(() => loadConfig({ path: join(dir, 'absent.yaml'), env: {} })).toThrow(
      /cannot read config file/,
    );
  });
});

describe('trust_proxy', () => {
  const base = { session_secret: 'p'.repeat(32), clusters: [cluster] };
  it('defaults to trusting no proxy', () => {
    expect(parseConfig(base).trust_proxy).toBe(false);
  });
  it('accepts addresses, CIDRs and range names', () => {
    const list = ['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8', 'loopback'];
    expect(parseConfig({ ...base, trust_proxy: list }).trust_proxy).toEqual(list);
  });
  it('refuses true and hop counts, explaining why, and malformed entries', () => {
    expect(() => parseConfig({ ...base, trust_proxy: true })).toThrow(
      /trust_proxy: .*trust every hop/,
    );
    // Fastify 5 ignores a numeric trustProxy: accepting one would silently trust nothing.
    expect(() => parseConfig({ ...base, trust_proxy: 1 })).toThrow(/not a hop count/);
    for (const bad of ['10.0.0.0/33', 'proxy.lab', '10.0.0.1/8/1', '']) {
      expect(() => parseConfig({ ...base, trust_proxy: [bad] })).toThrow(/addresses or CIDRs/);
    }
  });
  it('reads LABFORGE_TRUST_PROXY as false or a comma-separated list', () => {
    const file = join(dir, 'proxy.json');
    writeFileSync(file, JSON.stringify(base));
    const read = (v: string) => loadConfig({ path: file, env: { LABFORGE_TRUST_PROXY: v } });
    expect(read('false').trust_proxy).toBe(false);
    expect(() => read('1')).toThrow(/not a hop count/);
    expect(read('10.0.0.5, 10.0.1.0/24').trust_proxy).toEqual(['10.0.0.5', '10.0.1.0/24']);
    expect(() => read('true')).toThrow(/trust every hop/);
  });
});
