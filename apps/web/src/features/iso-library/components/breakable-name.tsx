import { Fragment } from 'react';

/** A long file name that may wrap after '-', '_' and '.', never in the middle of a word. */
export function BreakableName({ name }: { name: string }) {
  const parts = name.split(/(?<=[-_.])/);
  return (
    <span className="iso-name">
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </span>
  );
}
