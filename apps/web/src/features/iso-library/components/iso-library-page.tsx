import type { LibraryIso } from '@labforge/contracts';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { useIsoLibrary } from '../api/get-library.js';
import { DownloadForm } from './download-form.js';
import { IsoList } from './iso-list.js';
import { RemoveDialog } from './remove-dialog.js';
import { UploadForm } from './upload-form.js';
import { VirtioPanel } from './virtio-panel.js';
import './iso-library.css';

type Adding = 'download' | 'upload' | undefined;

/** The ISO library: what the cluster has, what uses it, and adding or removing ISOs. */
export function IsoLibraryPage({ admin = false }: { admin?: boolean }) {
  const library = useIsoLibrary();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('add');
  const adding: Adding = wanted === 'download' || wanted === 'upload' ? wanted : undefined;
  const setAdding = (a: Adding) => setParams(a ? { add: a } : {}, { replace: true });
  // A form opened by its button gets the focus; closing it gives the focus back to the button.
  const [openedHere, setOpenedHere] = useState(false);
  const downloadButton = useRef<HTMLButtonElement>(null);
  const uploadButton = useRef<HTMLButtonElement>(null);
  const open = (a: 'download' | 'upload') => {
    setOpenedHere(true);
    setAdding(a);
  };
  const close = () => {
    const opener = adding === 'upload' ? uploadButton : downloadButton;
    setAdding(undefined);
    requestAnimationFrame(() => opener.current?.focus());
  };
  const [removing, setRemoving] = useState<LibraryIso>();

  if (library.isPending) return <Spinner label="Loading the ISO library…" />;
  if (library.error)
    return <Alert title="The ISO library cannot be shown">{library.error.message}</Alert>;
  const data = library.data;
  const installIsos = data.isos.filter((i) => !i.virtio);
  const driverIsos = data.isos.filter((i) => i.virtio);
  const offline = data.nodes.filter((n) => n.status !== 'ok');

  return (
    <div className="iso-library">
      <div className="page-header">
        <h1>ISO library</h1>
        <p>The installation images every node can build from, and what uses them.</p>
        {data.access.may_add ? (
          <div className="form-actions">
            <button
              ref={downloadButton}
              type="button"
              className="button-primary"
              onClick={() => open('download')}
            >
              Download from URL
            </button>
            <button ref={uploadButton} type="button" onClick={() => open('upload')}>
              Upload from this computer
            </button>
          </div>
        ) : (
          <p className="field-hint">{data.access.reason}</p>
        )}
      </div>
      {data.targets.length === 0 && data.access.may_add ? (
        <Alert tone="warning" title="No storage can receive ISOs">
          Ask a Proxmox administrator for a file storage with the “ISO image” content type.
        </Alert>
      ) : null}
      {adding === 'download' ? (
        <DownloadForm library={data} onClose={close} autoFocus={openedHere} />
      ) : null}
      {adding === 'upload' ? (
        <UploadForm library={data} onClose={close} autoFocus={openedHere} />
      ) : null}
      {offline.map((n) => (
        <Alert key={n.node} tone="warning" title={`${n.node}: ${n.status}`}>
          {n.error ?? 'Its ISOs may be missing from this list.'}
        </Alert>
      ))}
      <section className="card" aria-labelledby="isos-title">
        <h2 id="isos-title">Installation ISOs</h2>
        <IsoList isos={installIsos} onRemove={setRemoving} />
      </section>
      {driverIsos.length > 0 ? (
        <section className="card" aria-labelledby="driver-isos-title">
          <h2 id="driver-isos-title">Driver ISOs</h2>
          <IsoList isos={driverIsos} onRemove={setRemoving} />
        </section>
      ) : null}
      <VirtioPanel virtio={data.virtio} admin={admin} />
      {removing ? (
        <RemoveDialog iso={removing} technical={admin} onClose={() => setRemoving(undefined)} />
      ) : null}
    </div>
  );
}
