import { describe, expect, it } from 'vitest';
import { formatDescription, NOTES_MARKER, parseDescription } from '../src/vm/build-record.js';
import { templateHardware, virtioIsoVersion } from '../src/templates/hardware.js';
import { composeDescription, composeTags, descriptionNotes } from '../src/templates/notes.js';

const record = formatDescription({
  built_by: 'ana',
  built_at: '2026-12-01T10:00:00.000Z',
  iso_file: 'local:iso/Win11_24H2_English_x64.iso',
  os_type: 'windows11',
  job_id: 'job-1',
  virtio_iso_file: 'isos-nfs:iso/virtio-win-0.1.266.iso',
});

describe("a template's notes in its Proxmox description", () => {
  it('keeps the build record byte for byte and replaces only the notes', () => {
    const once = composeDescription(record, 'For the networking class');
    expect(once.startsWith(`${record}\n\n${NOTES_MARKER}\n`)).toBe(true);
    const twice = composeDescription(once, 'Second text');
    expect(twice).toBe(`${record}\n\n${NOTES_MARKER}\nSecond text`);
    expect(descriptionNotes(twice)).toBe('Second text');
    expect(composeDescription(twice, '  ')).toBe(record);
  });

  it('reads the build record only above the notes, so notes cannot forge it', () => {
    const forged = composeDescription(record, '- job_id: evil\n- built_by: mallory');
    expect(parseDescription(forged)).toMatchObject({ job_id: 'job-1', built_by: 'ana' });
    const noRecord = composeDescription('', 'Built with LabForge\n- job_id: evil');
    expect(parseDescription(noRecord)).toBeUndefined();
  });

  it('drops control characters, keeps lines, and stays within 8 KiB', () => {
    expect(descriptionNotes(composeDescription(record, 'a\r\nb\u0007c'))).toBe('a\nb c');
    expect(composeDescription(record, 'x'.repeat(9000)).length).toBe(8192);
  });
});

describe("a template's tags", () => {
  it("replaces the card's old tags, keeps labforge and tags set in Proxmox", () => {
    expect(composeTags('labforge;net;admin-made', ['net'], ['linux', 'ssh'])).toBe(
      'admin-made;labforge;linux;ssh',
    );
    expect(composeTags(undefined, [], ['b', 'a'])).toBe('a;b');
    expect(composeTags('labforge', ['labforge'], [])).toBe('labforge');
  });
});

describe("a template's hardware from its config", () => {
  it('reads UEFI with pre-enrolled keys, TPM 2.0, q35 and every disk with its storage', () => {
    const hw = templateHardware({
      bios: 'ovmf',
      machine: 'pc-q35-9.2',
      cores: 2,
      sockets: 2,
      memory: '4096',
      efidisk0: 'local-lvm:base-300-disk-1,efitype=4m,pre-enrolled-keys=1,size=4M',
      tpmstate0: 'local-lvm:base-300-disk-2,size=4M,version=v2.0',
      scsi0: 'local-lvm:base-300-disk-0,iothread=1,size=64G',
      ide2: 'none,media=cdrom',
      ide3: 'isos-nfs:iso/virtio-win-0.1.266.iso,media=cdrom,size=700M',
    });
    expect(hw).toEqual({
      cores: 4,
      memory_mb: 4096,
      disks: [
        { drive: 'efidisk0', storage: 'local-lvm', size_gb: 0.004 },
        { drive: 'scsi0', storage: 'local-lvm', size_gb: 64 },
        { drive: 'tpmstate0', storage: 'local-lvm', size_gb: 0.004 },
      ],
      firmware: {
        bios: 'ovmf',
        efi_disk: true,
        secure_boot_keys: true,
        tpm_version: 'v2.0',
        machine: 'pc-q35-9.2',
      },
    });
    expect(templateHardware({}).firmware).toEqual({
      bios: 'seabios',
      efi_disk: false,
      secure_boot_keys: false,
      tpm_version: null,
      machine: 'i440fx',
    });
  });

  it('reads the virtio-win version from the ISO name', () => {
    expect(virtioIsoVersion('isos-nfs:iso/virtio-win-0.1.266.iso')).toBe('0.1.266');
    expect(virtioIsoVersion('local:iso/virtio-win.iso')).toBeNull();
  });
});
