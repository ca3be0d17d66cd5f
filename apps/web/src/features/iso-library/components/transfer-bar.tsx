/** A labelled progress bar; without `fraction` it shows activity without a value. */
export function TransferBar({
  label,
  fraction,
  text,
}: {
  label: string;
  fraction?: number | undefined;
  text: string;
}) {
  return (
    <div className="transfer">
      <progress
        aria-label={label}
        max={1}
        {...(fraction !== undefined ? { value: fraction } : {})}
      />
      <p className="transfer-text" aria-live="polite">
        {text}
      </p>
    </div>
  );
}
