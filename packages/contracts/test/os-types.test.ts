import { describe, expect, it } from 'vitest';
import { guessOsType } from '../src/index.js';

describe('guessOsType', () => {
  it.each([
    ['ubuntu-22.04-live-server-amd64.iso', 'ubuntu'],
    ['debian-12.0.0-amd64-netinst.iso', 'debian'],
    ['Rocky-9.4-x86_64-minimal.iso', 'rocky'],
    ['AlmaLinux-9-latest-x86_64-dvd.iso', 'alma'],
    ['CentOS-Stream-9-latest-x86_64-dvd1.iso', 'centos'],
    ['Win11_24H2_English_x64.iso', 'windows11'],
    ['Win10_22H2_English_x64.iso', 'windows10'],
    ['local:iso/SERVER_EVAL_x64FRE_en-us.iso', undefined],
    ['en-us_windows_server_2022_x64.iso', 'windows-server'],
    ['virtio-win-0.1.262.iso', undefined],
    ['random.iso', undefined],
  ])('%s -> %s', (name, os) => {
    expect(guessOsType(name)).toBe(os);
  });
});
