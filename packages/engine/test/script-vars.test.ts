import { describe, expect, it } from 'vitest';
import { invalidVars, powershellBody, scriptInput, shellBody } from '../src/scripts/script-vars.js';

describe('script variables as data', () => {
  it('shell: references that expand in any quoting, never the value', () => {
    expect(shellBody(`echo {name} "a {name}" 'b {name}' \\{name} \${name}`)).toBe(
      `echo "\${LABFORGE_NAME}" "a \${LABFORGE_NAME}" 'b '"\${LABFORGE_NAME}"'' \\{name} \${name}`,
    );
    // An apostrophe in a comment opens no quote for the next line.
    expect(shellBody(`# don't\necho {vmid}`)).toBe(`# don't\necho "\${LABFORGE_VMID}"`);
    expect(shellBody('echo "say \\"{index}\\""')).toBe('echo "say \\"${LABFORGE_INDEX}\\""');
  });

  it('PowerShell: braced $env: references; a literal string with one becomes an escaped expandable one', () => {
    expect(powershellBody(`Write-Output {name} "x{name}y" 'cost $5 {vmid} "q"' 'plain $a'`)).toBe(
      'Write-Output ${env:LABFORGE_NAME} "x${env:LABFORGE_NAME}y" "cost `$5 ${env:LABFORGE_VMID} `"q`"" \'plain $a\'',
    );
    expect(powershellBody(`<# {name} don't #>\n# it's {name}\n'it''s {name}'`)).toBe(
      `<# {name} don't #>\n# it's {name}\n"it's \${env:LABFORGE_NAME}"`,
    );
  });

  it('preamble: validated values, strictly quoted, on one line before the body', () => {
    expect(scriptInput('shell', 'echo {name}', { name: 'lab-01', index: 1, vmid: 105 })).toBe(
      `LABFORGE_NAME='lab-01'; LABFORGE_INDEX='1'; LABFORGE_VMID='105'; export LABFORGE_NAME LABFORGE_INDEX LABFORGE_VMID\necho "\${LABFORGE_NAME}"`,
    );
    expect(scriptInput('powershell', 'echo {index}', { name: 'win.lab', index: 2, vmid: 7 })).toBe(
      `$env:LABFORGE_NAME = 'win.lab'; $env:LABFORGE_INDEX = '2'; $env:LABFORGE_VMID = '7'\necho \${env:LABFORGE_INDEX}`,
    );
    for (const name of [`a'b`, 'a b', 'a;b', '$(id)', '-lead', 'x'.repeat(129), ''])
      expect(invalidVars({ name, index: 1, vmid: 100 }), name).toMatch(
        /not a valid Proxmox VM name/,
      );
    expect(invalidVars({ name: 'ok-1.lab', index: 1.5, vmid: 100 })).toMatch(/index/);
    expect(invalidVars({ name: 'ok-1.lab', index: 0, vmid: 100 })).toBeUndefined();
  });
});
