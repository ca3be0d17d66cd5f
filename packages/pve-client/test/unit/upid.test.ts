import { describe, expect, it } from 'vitest';
import { isUpid, parseUpid, UpidParseError } from '../../src/index.js';

describe('parseUpid', () => {
  it('decodes the fields of a qmcreate UPID', () => {
    expect(parseUpid('UPID:pve:0001A2B3:0089ABCD:65F1A2B3:qmcreate:100:root@pam:')).toEqual({
      upid: 'UPID:pve:0001A2B3:0089ABCD:65F1A2B3:qmcreate:100:root@pam:',
      node: 'pve',
      pid: 0x1a2b3,
      pstart: 0x89abcd,
      starttime: 0x65f1a2b3,
      type: 'qmcreate',
      id: '100',
      user: 'root@pam',
    });
  });

  it('splits the token id off the user and accepts a 9-digit pstart and an empty id', () => {
    const u = parseUpid(
      'UPID:pve-node-2:00001234:1089ABCDE:65F1A2B3:vzdump::labforge@pve!builder:',
    );
    expect(u).toMatchObject({
      node: 'pve-node-2',
      pstart: 0x1089abcde,
      id: '',
      user: 'labforge@pve',
      tokenid: 'builder',
    });
  });

  it('keeps a %-escaped download file name as the id', () => {
    const u = parseUpid('UPID:pve1:00000A0B:00000C0D:65F1A2B3:download:virtio-win.iso:root@pam:');
    expect(u.type).toBe('download');
    expect(u.id).toBe('virtio-win.iso');
  });

  it.each([
    'UPID:pve:0001A2B3:0089ABCD:65F1A2B3:qmcreate:100:root@pam', // no trailing colon
    'UPID:-pve:0001A2B3:0089ABCD:65F1A2B3:qmcreate:100:root@pam:', // bad node name
    'UPID:pve:1A2B3:0089ABCD:65F1A2B3:qmcreate:100:root@pam:', // short pid
    'UPID:pve:0001A2B3:0089ABCD:65F1A2B3:qm create:100:root@pam:', // space in type
    'UPID:pve:0001A2B3:0089ABCD:65F1A2B3:qmcreate:100:root@pam:extra:',
    '',
    'not a upid',
  ])('rejects %j', (bad) => {
    expect(() => parseUpid(bad)).toThrow(UpidParseError);
    expect(isUpid(bad)).toBe(false);
  });
});

describe('path segments', () => {
  it('keep UPID characters readable but cannot escape the segment', async () => {
    const { seg } = await import('../../src/http/encode.js');
    expect(seg('UPID:pve1:0001A2B3:0089ABCD:65F1A2B3:qmcreate:100:a@pve!tok:')).toBe(
      'UPID:pve1:0001A2B3:0089ABCD:65F1A2B3:qmcreate:100:a@pve!tok:',
    );
    expect(seg('../../access/ticket?x=1#y')).toBe('..%2F..%2Faccess%2Fticket%3Fx%3D1%23y');
    expect(seg('a b%')).toBe('a%20b%25');
    for (const bad of ['', '.', '..']) expect(() => seg(bad)).toThrow(TypeError);
  });
});
