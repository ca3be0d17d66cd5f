import { Alert } from '../../components/ui/alert.js';

/**
 * A page that could not be shown, most often because its code could not be downloaded (the
 * network dropped, or LabForge was updated and the old file is gone): say so in words and offer
 * a reload instead of react-router's developer error screen.
 */
export function PageLoadError() {
  return (
    <section>
      <h1>This page could not be opened</h1>
      <Alert title="LabForge could not load this page">
        <p>The network may be down, or LabForge was just updated. Reload the page to try again.</p>
      </Alert>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </p>
    </section>
  );
}
