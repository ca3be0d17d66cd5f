import { describe, expect, it } from 'vitest';
import { matchRoute, parseDrive, printDrive, simulatorApi } from '../../src/schema/index.js';

describe('matchRoute', () => {
  it('matches templates and decodes path parameters', () => {
    const m = matchRoute(simulatorApi, 'GET', '/nodes/pve1/tasks/UPID%3Apve1%3A0001%3A/log');
    expect(m.kind === 'match' && [m.definition.path, m.pathParams]).toEqual([
      '/nodes/{node}/tasks/{upid}/log',
      { node: 'pve1', upid: 'UPID:pve1:0001:' },
    ]);
    expect(matchRoute(simulatorApi, 'get', '/nodes/pve1/qemu/').kind).toBe('match');
  });

  it('tells unknown paths from unsupported methods', () => {
    expect(matchRoute(simulatorApi, 'PATCH', '/nodes/pve1/qemu').kind).toBe('no-method');
    expect(matchRoute(simulatorApi, 'GET', '/nodes/pve1/lxc').kind).toBe('no-path');
    expect(matchRoute(simulatorApi, 'GET', '/nodes/pve 1/qemu').kind).toBe('no-path');
  });
});

describe('parseDrive / printDrive (Drive.pm)', () => {
  it('parses the create-time STORAGE:SIZE syntax and import-from only with alloc', () => {
    expect(parseDrive('scsi0', 'local-lvm:32,iothread=on', true)).toEqual({
      file: 'local-lvm:32',
      iothread: '1',
      interface: 'scsi',
      index: '0',
    });
    expect(
      parseDrive('scsi0', 'local-lvm:0,import-from=local:import/disk.qcow2', true)?.['import-from'],
    ).toBe('local:import/disk.qcow2');
    expect(parseDrive('scsi0', 'local-lvm:0,import-from=local:import/disk.qcow2')).toBeUndefined();
  });

  it('returns undefined where PVE cannot parse the drive', () => {
    expect(parseDrive('ide2', 'local:iso/a.iso,media=cdrom,format=raw')).toBeUndefined();
    expect(parseDrive('virtio0', 'local:iso/a.iso,media=cdrom')).toBeUndefined();
    expect(parseDrive('ide4', 'none')).toBeUndefined();
    expect(parseDrive('scsi0', 'local-lvm:8,iops_rd=10,iops=20')).toBeUndefined();
    expect(parseDrive('scsi0', 'local-lvm:8,bps_max_length=3')).toBeUndefined();
  });

  it('drops legacy geometry keys and converts sizes to bytes', () => {
    const d = parseDrive('ide0', 'local:100/vm-100-disk-0.qcow2,cyls=10,size=32G');
    expect(d?.size).toBe('34359738368');
    expect(d && printDrive(d)).toBe('local:100/vm-100-disk-0.qcow2,size=32G');
  });

  it('prints the volume first and the other keys sorted', () => {
    expect(printDrive({ file: 'local-lvm:vm-100-disk-0', size: 4194304, version: 'v2.0' })).toBe(
      'local-lvm:vm-100-disk-0,size=4M,version=v2.0',
    );
    expect(
      printDrive({
        file: 'local-lvm:vm-100-disk-0',
        efitype: '4m',
        'pre-enrolled-keys': 1,
        'ms-cert': '2023k',
        size: 4194304,
      }),
    ).toBe('local-lvm:vm-100-disk-0,efitype=4m,ms-cert=2023k,pre-enrolled-keys=1,size=4M');
  });
});
