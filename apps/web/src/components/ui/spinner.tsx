/** A busy indicator with a text for screen readers (role=status is a polite live region). */
export function Spinner({ label }: { label: string }) {
  return (
    <span role="status" className="spinner-wrap">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </span>
  );
}
