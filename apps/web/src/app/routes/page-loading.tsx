import { Spinner } from '../../components/ui/spinner.js';

/**
 * Shown while a page's code downloads (a link opened in a new tab, a reload; navigations inside
 * the app keep the old page until the new one is ready). It takes the room of a page heading, so
 * nothing moves when the page arrives, and appears only after a moment, so a fast load does not
 * flash. The status is polite: a screen reader hears it without losing its place.
 */
export function PageLoading() {
  return (
    <div className="page-loading">
      <Spinner label="Loading the page…" />
    </div>
  );
}
