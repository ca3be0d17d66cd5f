import { useId, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { paths } from '../../../lib/paths.js';
import { useFetchVirtio, usePinVirtio, useUnpinVirtio } from '../api/virtio.js';

/** Admins pin the virtio-win version and fetch it ahead of time, so Windows builds never wait. */
export function VirtioPinForm({ pinned }: { pinned: boolean }) {
  const id = useId();
  const [url, setUrl] = useState('');
  const [sha256, setSha256] = useState('');
  const pin = usePinVirtio();
  const fetchNow = useFetchVirtio();
  const unpin = useUnpinVirtio();
  return (
    <form
      className="virtio-pin"
      onSubmit={(e) => {
        e.preventDefault();
        pin.mutate({ url, sha256 });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-url`}>virtio-win ISO link to pin</label>
        <input
          id={`${id}-url`}
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value.trim())}
          placeholder="https://fedorapeople.org/…/virtio-win-0.1.266.iso"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-sha`}>Its SHA-256</label>
        <input
          id={`${id}-sha`}
          value={sha256}
          onChange={(e) => setSha256(e.target.value.trim())}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      {pin.error ? <Alert title="Not pinned">{pin.error.message}</Alert> : null}
      {pin.isSuccess ? (
        <Alert tone="info" title="Pinned">
          Windows builds now use {pin.data.filename}.
        </Alert>
      ) : null}
      {unpin.error ? <Alert title="Not unpinned">{unpin.error.message}</Alert> : null}
      {unpin.isSuccess && !pinned ? (
        <Alert tone="info" title="Unpinned">
          Windows builds now use {unpin.data.filename} from the configured source.
        </Alert>
      ) : null}
      {fetchNow.error ? <Alert title="Could not start">{fetchNow.error.message}</Alert> : null}
      {fetchNow.data ? (
        <p>
          Downloading: <Link to={paths.job(fetchNow.data)}>follow the download</Link>
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" disabled={!url || !sha256 || pin.isPending}>
          Pin this version
        </button>
        <button type="button" disabled={fetchNow.isPending} onClick={() => fetchNow.mutate()}>
          Fetch it now
        </button>
        {pinned ? (
          <button
            type="button"
            className="button-ghost"
            disabled={unpin.isPending}
            onClick={() => unpin.mutate()}
          >
            Remove the pin
          </button>
        ) : null}
      </div>
    </form>
  );
}
