import type { Iso } from '@labforge/contracts';
import { describe, expect, it } from 'vitest';
import { isVirtioIso, progressFromLog, virtioByNode, virtioVersion } from '../src/virtio/choose.js';

const iso = (volid: string, nodes: string[], ctime = 0, shared = false): Iso => ({
  volid,
  name: volid.replace(/^.*\//, ''),
  size: 1,
  node: nodes[0] ?? '',
  storage: volid.split(':')[0] ?? '',
  shared,
  nodes,
  ctime,
});

describe('virtio ISO selection', () => {
  it('recognises virtio-win names and their versions', () => {
    expect(isVirtioIso('local:iso/virtio-win.iso')).toBe(true);
    expect(isVirtioIso('virtio-win-0.1.262.iso')).toBe(true);
    expect(isVirtioIso('Win11.iso')).toBe(false);
    expect(virtioVersion('virtio-win-0.1.262.iso')).toEqual([0, 1, 262]);
    expect(virtioVersion('virtio-win-0.1.285-1.iso')).toEqual([0, 1, 285, 1]);
    expect(virtioVersion('virtio-win.iso')).toBeUndefined();
  });

  it('picks the newest version each node can read', () => {
    const byNode = virtioByNode([
      iso('local:iso/virtio-win-0.1.240.iso', ['pve1']),
      iso('nfs:iso/virtio-win-0.1.262.iso', ['pve1', 'pve2'], 0, true),
      iso('local:iso/virtio-win-0.1.9.iso', ['pve3']),
      iso('local:iso/virtio-win-0.1.100.iso', ['pve3']),
      iso('local:iso/debian.iso', ['pve3']),
    ]);
    expect(byNode.get('pve1')).toBe('nfs:iso/virtio-win-0.1.262.iso');
    expect(byNode.get('pve2')).toBe('nfs:iso/virtio-win-0.1.262.iso');
    expect(byNode.get('pve3')).toBe('local:iso/virtio-win-0.1.100.iso');
  });

  it('ranks versioned names above the unversioned stable name, then newer files first', () => {
    const byNode = virtioByNode([
      iso('a:iso/virtio-win.iso', ['pve1'], 200),
      iso('b:iso/virtio-win-0.1.1.iso', ['pve1'], 100),
      iso('c:iso/virtio-win.iso', ['pve2'], 100),
      iso('d:iso/virtio-win.iso', ['pve2'], 300),
    ]);
    expect(byNode.get('pve1')).toBe('b:iso/virtio-win-0.1.1.iso');
    expect(byNode.get('pve2')).toBe('d:iso/virtio-win.iso');
  });

  it('reads download progress from wget log lines', () => {
    expect(progressFromLog('  65536K ........ ........  42% 12.3M 8s')).toBeCloseTo(0.42);
    expect(progressFromLog('downloading https://x to /y')).toBeUndefined();
  });
});
