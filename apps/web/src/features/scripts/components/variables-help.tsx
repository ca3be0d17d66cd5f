/**
 * What `{name}`, `{index}` and `{vmid}` do, in a teacher's words. The rule behind it (the engine
 * README's "Script variables"): values are handed over as variables, never pasted into the text.
 */
export function VariablesHelp() {
  return (
    <div className="script-vars">
      <p>You can use these in the script; each VM gets its own value:</p>
      <dl>
        <div>
          <dt>
            <code>{'{name}'}</code>
          </dt>
          <dd>the VM’s name, e.g. lab-07</dd>
        </div>
        <div>
          <dt>
            <code>{'{index}'}</code>
          </dt>
          <dd>its number in the run or class: 1, 2, 3…</dd>
        </div>
        <div>
          <dt>
            <code>{'{vmid}'}</code>
          </dt>
          <dd>its Proxmox VM id</dd>
        </div>
      </dl>
      <p className="field-hint">
        LabForge hands the values to the VM as variables (<code>$LABFORGE_NAME</code> in shell,{' '}
        <code>$env:LABFORGE_NAME</code> in PowerShell, likewise INDEX and VMID) and puts a reference
        to them where you wrote <code>{'{name}'}</code>, so a name can never change what your script
        does. They work inside quotes too.
      </p>
    </div>
  );
}
