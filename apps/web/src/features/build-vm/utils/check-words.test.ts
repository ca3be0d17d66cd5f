import { expect, it } from 'vitest';
import { checkWords } from './check-words.js';

it('puts the guest agent privilege check in words, without its privilege names', () => {
  const ok = {
    name: 'privileges:guest-agent',
    ok: true,
    message: 'VM.GuestAgent.Unrestricted on /vms',
  };
  expect(checkWords(ok)).toBe(
    'LabForge may run post-deployment scripts in the VMs (through the QEMU guest agent).',
  );
  const missing = { ...ok, ok: false, message: 'missing VM.GuestAgent.Unrestricted on /vms' };
  expect(checkWords(missing)).toMatch(/^LabForge may not run post-deployment scripts in VMs/);
  expect(checkWords(missing)).not.toMatch(/VM\.GuestAgent/);
});
