import { describe, expect, it } from 'vitest';
import { mergeIsoReads, planIsoReads } from '../src/inventory/iso-plan.js';
import type { ClusterResource as PveResource } from '@labforge/pve-client';

const node = (n: string, status = 'online'): PveResource => ({
  id: `node/${n}`,
  type: 'node',
  node: n,
  status,
});
const st = (n: string, id: string, shared: 0 | 1 = 0, content = 'iso,vztmpl'): PveResource => ({
  id: `storage/${n}/${id}`,
  type: 'storage',
  node: n,
  storage: id,
  shared,
  content,
});

describe('ISO discovery plan', () => {
  const nodes = [node('pve1'), node('pve2'), node('pve3', 'offline')];
  const storages = ['pve1', 'pve2', 'pve3'].flatMap((n) => [
    st(n, 'local'),
    st(n, 'local-lvm', 0, 'images,rootdir'),
    st(n, 'nfs', 1, 'iso'),
  ]);

  it('reads each shared storage once and each local one per online node', () => {
    const reads = planIsoReads(nodes, storages);
    expect(reads.map((r) => r.key).sort()).toEqual([
      'pve1/local',
      'pve2/local',
      'pve3/local',
      'shared/nfs',
    ]);
    const nfs = reads.find((r) => r.storage === 'nfs');
    expect(nfs?.servedNodes).toEqual(['pve1', 'pve2', 'pve3']);
    expect(nfs?.readers.sort()).toEqual(['pve1', 'pve2']);
    expect(reads.find((r) => r.key === 'pve3/local')?.readers).toEqual([]);
  });

  it('reports shared ISOs with every node, keeps an offline node’s last known ISOs and marks it', () => {
    const reads = planIsoReads(nodes, storages);
    const item = (volid: string) => ({ volid, content: 'iso', format: 'iso', size: 10 });
    const outcomes = reads.map((read) => {
      if (read.key === 'shared/nfs')
        return { read, node: 'pve1', items: [item('nfs:iso/virtio-win.iso')] };
      if (read.key === 'pve3/local')
        return { read, error: 'node is offline', offline: true, node: 'pve3' };
      return { read, node: read.readers[0], items: [item('local:iso/debian.iso')] };
    });
    const previous = new Map([['pve3/local', [item('local:iso/Win11.iso')]]]);
    const merged = mergeIsoReads({ nodes, outcomes, previous });
    const byVolid = Object.fromEntries(merged.isos.map((i) => [i.volid, i]));
    expect(byVolid['nfs:iso/virtio-win.iso']).toMatchObject({
      shared: true,
      nodes: ['pve1', 'pve2', 'pve3'],
    });
    expect(byVolid['local:iso/debian.iso']).toMatchObject({
      shared: false,
      nodes: ['pve1', 'pve2'],
    });
    expect(byVolid['local:iso/Win11.iso']).toMatchObject({ nodes: ['pve3'], os_hint: 'windows11' });
    expect(merged.scans.find((s) => s.node === 'pve3')).toMatchObject({
      status: 'offline',
      iso_count: 2,
    });
    expect(merged.scans.find((s) => s.node === 'pve1')).toMatchObject({
      status: 'ok',
      iso_count: 2,
    });
  });
});
