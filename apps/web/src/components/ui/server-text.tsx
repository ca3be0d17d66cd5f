import { serverWords } from '../../lib/server-words.js';

/**
 * A server text in a teacher's words (`serverWords`). Admins (`technical`) also get a closed
 * "Details" with the server's own text; nobody else ever sees a field, drive or privilege name.
 */
export function ServerText({
  text,
  technical,
  fallback,
}: {
  text: string;
  technical: boolean;
  fallback?: string;
}) {
  const { words, detail } = serverWords(text, fallback);
  return (
    <>
      {words}
      {technical && detail ? (
        <details className="tech-details inline-details">
          <summary>Details</summary>
          <code>{detail}</code>
        </details>
      ) : null}
    </>
  );
}

/** The technical facts of an error (step, VMID, …) for admins, behind a closed "Details". */
export function TechnicalFacts({
  facts,
  technical,
}: {
  facts: Record<string, unknown> | undefined;
  technical: boolean;
}) {
  if (!technical || !facts || Object.keys(facts).length === 0) return null;
  return (
    <details className="tech-details">
      <summary>Details</summary>
      <dl className="details">
        {Object.entries(facts).map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
