import { useRef, type KeyboardEvent } from 'react';

const MOVES: Record<string, 1 | -1 | 'first' | 'last'> = {
  ArrowDown: 1,
  ArrowUp: -1,
  Home: 'first',
  End: 'last',
};

/** The options of a listbox in reading order (groups included). */
export function optionsOf(list: Element | null): HTMLElement[] {
  return list ? [...list.querySelectorAll<HTMLElement>('[role="option"]')] : [];
}

/**
 * The keys of the WAI-ARIA listbox pattern with a roving tabindex: ArrowUp/ArrowDown, Home and
 * End move the focus only (nothing is chosen on the way, so the OS type is not re-suggested for
 * every ISO passed); Enter or Space chooses the focused option (`data-key`); typing letters jumps
 * to the next option whose name starts with them. Enter never reaches the form.
 */
export function useListboxKeys(choose: (key: string) => void) {
  const typed = useRef({ text: '', at: 0 });

  return function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const option = (event.target as HTMLElement).closest<HTMLElement>('[role="option"]');
    if (!option || event.altKey || event.ctrlKey || event.metaKey) return;
    const options = optionsOf(event.currentTarget);
    const at = options.indexOf(option);
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (option.dataset.key) choose(option.dataset.key);
      return;
    }
    const move = MOVES[event.key];
    if (move !== undefined) {
      event.preventDefault();
      const next =
        move === 'first'
          ? options[0]
          : move === 'last'
            ? options.at(-1)
            : options[Math.min(options.length - 1, Math.max(0, at + move))];
      next?.focus();
      return;
    }
    if (event.key.length !== 1 || !/\S/.test(event.key)) return;
    // Type-ahead: letters typed within a second add up ("ub" finds ubuntu-…).
    const now = Date.now();
    const t = typed.current;
    t.text = now - t.at > 1000 ? event.key.toLowerCase() : t.text + event.key.toLowerCase();
    t.at = now;
    const from = t.text.length > 1 ? at : at + 1;
    const ordered = [...options.slice(from), ...options.slice(0, from)];
    const hit = ordered.find((o) =>
      (o.getAttribute('aria-label') ?? '').toLowerCase().startsWith(t.text),
    );
    if (hit) {
      event.preventDefault();
      hit.focus();
    }
  };
}
