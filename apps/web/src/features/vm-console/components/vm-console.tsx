import { useEffect, useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { useVnc } from '../hooks/use-vnc.js';
import { keysymsFor } from '../utils/keysyms.js';
import '../vm-console.css';

/**
 * The VM's screen in the browser (noVNC over LabForge's WebSocket: no Proxmox account needed),
 * with Ctrl+Alt+Del, scaling, full screen and typing text such as product keys as keystrokes.
 */
export function VmConsole({ clusterId, vmid }: { clusterId: string; vmid: number }) {
  const [scale, setScale] = useState(true);
  const [text, setText] = useState('');
  const { screenRef, rfb, status, reconnect } = useVnc(clusterId, vmid, scale);
  const connected = status.kind === 'connected';
  // The VM's name stays in the heading while the console waits for the VM to come back.
  const [name, setName] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (status.kind === 'connected') setName(status.name);
  }, [status]);

  const typeText = (value: string) => {
    const r = rfb.current;
    if (!r) return;
    for (const sym of keysymsFor(value)) {
      r.sendKey(sym, null, true);
      r.sendKey(sym, null, false);
    }
    r.focus();
  };
  const readClipboard = async () => {
    try {
      setText(await navigator.clipboard.readText());
    } catch {
      setText('');
    }
  };

  return (
    <section className="vm-console" aria-labelledby="console-title">
      <h1 id="console-title">Console{name ? `: ${name}` : ` of VM ${vmid}`}</h1>
      <p role="status" aria-live="polite" className="console-status">
        {status.kind === 'connecting' ? 'Connecting to the VM’s screen…' : null}
        {status.kind === 'connected' ? 'Connected. Click the screen to type into the VM.' : null}
        {status.kind === 'waiting' ? status.message : null}
      </p>
      {status.kind === 'closed' ? (
        <Alert title="The console is not connected">
          <p>{status.message}</p>
        </Alert>
      ) : null}
      <div className="console-toolbar" role="toolbar" aria-label="Console controls">
        <button
          type="button"
          className="button-small"
          disabled={!connected}
          onClick={() => rfb.current?.sendCtrlAltDel()}
        >
          Send Ctrl+Alt+Del
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={scale} onChange={(e) => setScale(e.target.checked)} />
          Scale to window
        </label>
        <button
          type="button"
          className="button-small"
          onClick={() => void screenRef.current?.parentElement?.requestFullscreen?.()}
        >
          Full screen
        </button>
        <button type="button" className="button-small" onClick={reconnect}>
          Reconnect
        </button>
      </div>
      <div className="console-frame">
        {status.kind === 'waiting' ? (
          // Over the empty screen, so nobody mistakes it for a VM with a black screen.
          <p className="console-overlay" aria-hidden="true">
            Waiting for the VM… (attempt {status.attempt})
          </p>
        ) : null}
        <div
          ref={screenRef}
          className="console-screen"
          role="application"
          aria-label={`Screen of VM ${vmid}`}
        />
      </div>
      <form
        className="console-type"
        onSubmit={(event) => {
          event.preventDefault();
          typeText(text);
        }}
      >
        <label htmlFor="console-text">Text to type into the VM</label>
        <textarea
          id="console-text"
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="A product key or a long password"
        />
        <div className="form-actions">
          <button type="button" className="button-ghost" onClick={() => void readClipboard()}>
            Paste from clipboard
          </button>
          <button type="submit" className="button-primary" disabled={!connected || text === ''}>
            Type it into the VM
          </button>
        </div>
      </form>
    </section>
  );
}
