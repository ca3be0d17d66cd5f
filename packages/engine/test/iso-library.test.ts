import { isoNameProblem, normaliseIsoName } from '@labforge/contracts';
import { describe, expect, it } from 'vitest';
import { isoVolumesOf } from '../src/library/references.js';
import { chooseTarget, isoTargets, targetProblems } from '../src/library/targets.js';

const node = (n: string, status = 'online') => ({ id: `node/${n}`, type: 'node', node: n, status });
const storage = (n: string, s: string, extra: Record<string, unknown> = {}) => ({
  id: `storage/${n}/${s}`,
  type: 'storage',
  node: n,
  storage: s,
  plugintype: 'dir',
  content: 'iso,vztmpl',
  status: 'available',
  maxdisk: 100,
  disk: 40,
  ...extra,
});

describe('ISO targets', () => {
  const nodes = [node('a'), node('b'), node('c', 'offline')];
  const storages = [
    storage('a', 'local'),
    storage('b', 'local', { disk: 90 }),
    storage('c', 'local'),
    storage('a', 'nfs', { plugintype: 'nfs', shared: 1, maxdisk: 50, disk: 0 }),
    storage('b', 'nfs', { plugintype: 'nfs', shared: 1, maxdisk: 50, disk: 0 }),
    storage('a', 'thin', { plugintype: 'lvmthin', content: 'images' }),
    storage('a', 'rbd', { plugintype: 'rbd', content: 'iso' }),
    storage('a', 'off', { status: 'unknown' }),
  ];
  const all = {
    '/': { 'Sys.AccessNetwork': 1, 'Datastore.AllocateTemplate': 1, 'Datastore.Allocate': 1 },
  };

  it('lists file-based ISO storages on online nodes, shared once and first', () => {
    const t = isoTargets(storages, nodes, all);
    expect(t.map((x) => [x.storage, x.nodes.join('+'), x.avail])).toEqual([
      ['nfs', 'a+b', 50],
      ['local', 'a', 60],
      ['local', 'b', 10],
    ]);
    expect(chooseTarget(t, {})?.storage).toBe('nfs');
    expect(chooseTarget(t, { storage: 'local', node: 'b' })?.avail).toBe(10);
    expect(chooseTarget(t, { storage: 'thin' })).toBeUndefined();
  });

  it("explains each missing privilege as the API schema's checks state them", () => {
    expect(targetProblems(all, 'nfs', ['a'])).toEqual({});
    const upOnly = { '/storage': { 'Datastore.AllocateTemplate': 1 } };
    const p = targetProblems(upOnly, 'nfs', ['a']);
    expect(p.upload).toBeUndefined();
    expect(p.download).toMatch(
      /Sys.AccessNetwork on \/nodes\/a \(or Sys.Audit and Sys.Modify on \/\)/,
    );
    expect(p.remove).toMatch(/Datastore.Allocate on \/storage\/nfs/);
    const legacy = { '/': { 'Sys.Audit': 1, 'Sys.Modify': 1, 'Datastore.AllocateTemplate': 1 } };
    expect(targetProblems(legacy, 'nfs', ['a']).download).toBeUndefined();
    expect(targetProblems({}, 'nfs', ['a']).upload).toMatch(/Datastore.AllocateTemplate/);
    expect(targetProblems(undefined, 'nfs', ['a']).upload).toMatch(/could not read/);
  });
});

describe('ISO references and names', () => {
  it('finds ISOs in drives only', () => {
    expect(
      isoVolumesOf({
        ide2: 'isos:iso/a.iso,media=cdrom',
        sata1: 'local:iso/virtio-win.iso,media=cdrom',
        ide0: 'none,media=cdrom',
        scsi0: 'local-lvm:vm-1-disk-0,size=8G',
        description: 'local:iso/b.iso',
      }),
    ).toEqual([
      { drive: 'ide2', volid: 'isos:iso/a.iso' },
      { drive: 'sata1', volid: 'local:iso/virtio-win.iso' },
    ]);
  });

  it('checks names as Proxmox would store them, before anything is sent', () => {
    expect(normaliseIsoName('C:\\Downloads\\my image (1).iso')).toBe('my_image__1_.iso');
    expect(isoNameProblem('ubuntu-24.04.iso')).toBeUndefined();
    expect(isoNameProblem('disk.IMG')).toBeUndefined();
    expect(isoNameProblem('a/b.iso')).toMatch(/must not contain/);
    expect(isoNameProblem('notes.txt')).toMatch(/\.iso or \.img/);
    expect(isoNameProblem('my image.iso')).toMatch(/store this file as my_image.iso/);
    expect(isoNameProblem('.hidden.iso')).toMatch(/dot/);
  });
});
