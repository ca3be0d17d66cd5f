import { describe, expect, it } from 'vitest';
import { parseTransferProgress, uploadEnvelope } from '../../src/index.js';

const MiB = 1024 * 1024;

describe('parseTransferProgress', () => {
  it('reads wget dot:giga rows of a download task log', () => {
    const log = [
      'downloading https://mirror/x.iso to /var/lib/vz/template/iso/x.iso',
      '--2026-01-01 10:00:00--  https://mirror/x.iso',
      'HTTP request sent, awaiting response... 200 OK',
      'Length: 104857600 (100M) [application/octet-stream]',
      "Saving to: '/var/lib/vz/template/iso/x.iso.tmp_dwnl.1234'",
      '     0K ........ ........ ........ ........ 32% 35.2M 2s',
      ' 32768K ........ ........ ........ ........ 64% 40.0M 1s',
    ];
    expect(parseTransferProgress(log)).toEqual({
      bytes: 64 * MiB,
      total: 100 * MiB,
      percent: 64,
      bytesPerSecond: 40 * MiB,
      phase: 'transferring',
    });
    const done = [
      ...log,
      ' 65536K ........ ........ ........ ....                 100% 41.5M=2.6s',
      "2026-01-01 10:00:03 (38.5 MB/s) - '/var/lib/vz/template/iso/x.iso.tmp_dwnl.1234' saved [104857600/104857600]",
      'calculating checksum...OK, checksum verified',
    ];
    expect(parseTransferProgress(done)).toMatchObject({
      bytes: 100 * MiB,
      percent: 100,
      phase: 'verifying',
    });
    expect(
      parseTransferProgress([
        ...done,
        "download of 'https://mirror/x.iso' to '/var/lib/vz/template/iso/x.iso' finished",
      ]).phase,
    ).toBe('done');
  });

  it('reads an upload (imgcopy) task log', () => {
    expect(
      parseTransferProgress([
        'starting file import from: /var/tmp/pveupload-0123abcd',
        'calculating checksum...OK, checksum verified',
        'target node: pve1',
        'file size is: 5000',
      ]),
    ).toMatchObject({ bytes: 5000, total: 5000, phase: 'copying' });
  });
});

describe('uploadEnvelope', () => {
  it('puts content, checksum-algorithm, checksum, then the file part named "filename"', () => {
    const { head, tail } = uploadEnvelope({
      content: 'iso',
      filename: 'a.iso',
      checksum: ' abc ',
      checksumAlgorithm: 'sha256',
      boundary: 'B',
    });
    expect(head.toString()).toBe(
      '--B\r\nContent-Disposition: form-data; name="content"\r\n\r\niso\r\n' +
        '--B\r\nContent-Disposition: form-data; name="checksum-algorithm"\r\n\r\nsha256\r\n' +
        '--B\r\nContent-Disposition: form-data; name="checksum"\r\n\r\nabc\r\n' +
        '--B\r\nContent-Disposition: form-data; name="filename"; filename="a.iso"\r\n' +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    expect(tail.toString()).toBe('\r\n--B--\r\n');
    expect(() => uploadEnvelope({ content: 'iso', filename: 'a"b.iso' })).toThrow(TypeError);
    expect(() => uploadEnvelope({ content: 'iso', filename: 'x.iso', checksum: 'a' })).toThrow(
      TypeError,
    );
  });
});
