import { describe, expect, it } from 'vitest';
import { discWords, looksTechnical, serverWords } from './server-words.js';

describe('serverWords', () => {
  it('says which discs were removed, from volume ids or drive names', () => {
    expect(
      serverWords(
        'Ejected local:iso/Win11_24H2_English_x64.iso and isos-nfs:iso/virtio-win.iso from win11; it boots from its disk now',
      ),
    ).toEqual({
      words:
        'Removed the install disc and the drivers disc from win11; it starts from its disk now.',
      detail:
        'Ejected local:iso/Win11_24H2_English_x64.iso and isos-nfs:iso/virtio-win.iso from win11; it boots from its disk now',
    });
    expect(discWords(['ide2', 'ide0'])).toBe('the install disc and the drivers disc');
    // PVE lists drives sorted: ide0 (drivers) comes before ide2 (install).
    expect(discWords(['isos-nfs:iso/virtio-win.iso', 'local:iso/win.iso'])).toBe(
      'the install disc and the drivers disc',
    );
    expect(discWords('ide2')).toBe('the install disc');
  });

  it('names the field and the OS in words', () => {
    expect(
      serverWords('disk_size_gb raised from 20 to 64 GB: windows11 needs at least 64 GB.').words,
    ).toBe('Disk size raised from 20 to 64 GB: Windows 11 needs at least 64 GB.');
  });

  it('keeps texts that are already words, and hides unknown technical ones behind a fallback', () => {
    const plain =
      'No checksum was given: Proxmox cannot check that the downloaded file is the one you meant.';
    expect(serverWords(plain)).toEqual({ words: plain });
    expect(serverWords('Ubuntu_22.04_custom.iso is on local', 'x')).toEqual({
      words: 'Ubuntu_22.04_custom.iso is on local',
    });
    expect(serverWords('Sys.Audit denied on /nodes', 'Proxmox said no.')).toEqual({
      words: 'Proxmox said no.',
      detail: 'Sys.Audit denied on /nodes',
    });
    expect(looksTechnical('call POST /api/vm-builder/templates next')).toBe(true);
    expect(looksTechnical('attach it as scsi1')).toBe(true);
    expect(looksTechnical('set cpu_type to host')).toBe(true);
  });
});
