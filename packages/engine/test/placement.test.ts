import type { Iso } from '@labforge/contracts';
import { describe, expect, it } from 'vitest';
import { BuilderError } from '../src/errors/builder-error.js';
import { decidePlacement, type PlacementFacts } from '../src/placement/placement.js';
import type { ClusterResource as PveResource } from '@labforge/pve-client';
import { GiB } from '../src/util/sizes.js';

const node = (name: string, freeGiB: number, status = 'online'): PveResource => ({
  id: `node/${name}`,
  type: 'node',
  node: name,
  status,
  maxmem: 64 * GiB,
  mem: (64 - freeGiB) * GiB,
});
const storage = (
  n: string,
  id: string,
  type: string,
  freeGiB: number,
  content = 'images,rootdir',
  shared: 0 | 1 = 0,
): PveResource => ({
  id: `storage/${n}/${id}`,
  type: 'storage',
  node: n,
  storage: id,
  plugintype: type,
  content,
  shared,
  maxdisk: 500 * GiB,
  disk: (500 - freeGiB) * GiB,
});
const iso = (nodes: string[], shared = false): Iso => ({
  volid: 'isos:iso/debian.iso',
  name: 'debian.iso',
  size: 1,
  node: nodes[0] ?? '',
  storage: 'isos',
  shared,
  nodes,
});

function facts(over: Partial<PlacementFacts> = {}): PlacementFacts {
  const names = ['pve1', 'pve2', 'pve3'];
  return {
    iso: iso(names, true),
    isoFile: 'isos:iso/debian.iso',
    nodes: [node('pve1', 10), node('pve2', 30), node('pve3', 4)],
    storages: names.map((n) => storage(n, 'local-lvm', 'lvmthin', 100)),
    bridges: new Map(names.map((n) => [n, ['vmbr0']])),
    bridge: 'vmbr0',
    storage: 'local-lvm',
    neededBytes: 32 * GiB,
    memoryBytes: 2 * GiB,
    explicitNode: undefined,
    ...over,
  };
}

describe('placement', () => {
  it('puts a VM from a node-local ISO on that node', () => {
    const d = decidePlacement(facts({ iso: iso(['pve3']) }));
    expect(d.placement.node).toBe('pve3');
    expect(d.placement.reason).toMatch(/only node holding the ISO/);
    expect(d.placement.rejected.map((r) => r.node).sort()).toEqual(['pve1', 'pve2']);
  });

  it('prefers free memory among nodes reading a shared ISO', () => {
    const d = decidePlacement(facts());
    expect(d.placement.node).toBe('pve2');
    expect(d.placement.candidates).toEqual(['pve2', 'pve1', 'pve3']);
    expect(d.placement.reason).toMatch(/shared storage/);
  });

  it('accounts for memory promised to earlier VMs of a bulk build', () => {
    const d = decidePlacement(facts({ plannedMemory: new Map([['pve2', 25 * GiB]]) }));
    expect(d.placement.node).toBe('pve1');
  });

  it('rejects offline nodes, missing bridges and foreign storages with reasons', () => {
    const d = decidePlacement(
      facts({
        nodes: [node('pve1', 10), node('pve2', 30, 'offline'), node('pve3', 4)],
        bridge: 'vmbr1',
        bridges: new Map([
          ['pve1', ['vmbr0', 'vmbr1']],
          ['pve3', ['vmbr0']],
        ]),
      }),
    );
    expect(d.placement.node).toBe('pve1');
    expect(d.placement.rejected).toEqual(
      expect.arrayContaining([
        { node: 'pve2', reasons: ['node is offline'] },
        { node: 'pve3', reasons: ["bridge 'vmbr1' does not exist"] },
      ]),
    );
  });

  it('answers the specification error when no node has the ISO', () => {
    expect(() => decidePlacement(facts({ iso: undefined }))).toThrow(
      'ISO file not found on any node',
    );
  });

  it('names storage, node, free and needed space when the storage is full', () => {
    const storages = ['pve1', 'pve2', 'pve3'].map((n) =>
      storage(n, 'local', 'dir', n === 'pve1' ? 20 : 5),
    );
    try {
      decidePlacement(facts({ storage: 'local', storages }));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BuilderError);
      const e = err as BuilderError;
      expect(e.status).toBe(507);
      expect(e.message).toMatch(
        /Storage 'local' on node 'pve1' is full: 20.0 GiB available, 32.0 GiB needed/,
      );
      expect(e.details).toEqual({
        storage: 'local',
        node: 'pve1',
        avail_bytes: 20 * GiB,
        needed_bytes: 32 * GiB,
      });
    }
  });

  it('only warns on thin pools that overcommit', () => {
    const storages = ['pve1', 'pve2', 'pve3'].map((n) => storage(n, 'local-lvm', 'lvmthin', 5));
    const d = decidePlacement(facts({ storages }));
    expect(d.warnings.join()).toMatch(/thin pool 'local-lvm'.*overcommits/);
  });

  it('validates an explicit node the same way', () => {
    expect(decidePlacement(facts({ explicitNode: 'pve3' })).placement.node).toBe('pve3');
    expect(() => decidePlacement(facts({ explicitNode: 'pve3', iso: iso(['pve1']) }))).toThrow(
      /Node 'pve3' cannot host this VM: pve3: cannot read ISO/,
    );
  });

  it('picks the best images storage when none is named', () => {
    const storages = [
      storage('pve2', 'local', 'dir', 50, 'iso,vztmpl'),
      storage('pve2', 'local-lvm', 'lvmthin', 40),
      storage('pve2', 'zfs', 'zfspool', 200),
    ];
    const d = decidePlacement(facts({ storage: undefined, storages, iso: iso(['pve2']) }));
    expect(d.chosen.storage.storage).toBe('zfs');
  });

  it('prefers for Windows a node that can already read a virtio ISO', () => {
    const d = decidePlacement(
      facts({ virtio: { readable: new Map([['pve1', 'isos:iso/virtio-win.iso']]) } }),
    );
    expect(d.placement.node).toBe('pve1');
    expect(d.chosen.virtioVolid).toBe('isos:iso/virtio-win.iso');
  });
});
