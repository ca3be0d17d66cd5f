import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';

const WAIT_MS = 10_000;

/**
 * After every navigation (not the page the browser loaded: react-router keys that one
 * 'default') focus moves to the new page's heading and the
 * page title is announced, so keyboard and screen-reader users are told the page changed. Pages
 * that load first (a job) render their `h1` later: the heading is awaited for a while. A change
 * of the query string only (a page opening one of its forms, `?add=download`) is no new page:
 * the focus stays where that page put it.
 */
export function RouteFocus({ mainId }: { mainId: string }) {
  const location = useLocation();
  const [announcement, setAnnouncement] = useState('');
  const key = useRef(location.key);
  key.current = location.key;

  useEffect(() => {
    const main = document.getElementById(mainId);
    if (!main) return;
    const initial = key.current === 'default';
    const arrive = (heading: HTMLElement) => {
      const text = heading.textContent?.trim() ?? '';
      if (text) document.title = `${text} · LabForge`;
      if (initial) return;
      heading.tabIndex = -1;
      heading.focus();
      setAnnouncement(text);
    };
    const now = main.querySelector<HTMLElement>('h1');
    if (now) return arrive(now);
    const observer = new MutationObserver(() => {
      const heading = main.querySelector<HTMLElement>('h1');
      if (!heading) return;
      observer.disconnect();
      arrive(heading);
    });
    observer.observe(main, { childList: true, subtree: true });
    const timer = setTimeout(() => observer.disconnect(), WAIT_MS);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [location.pathname, mainId]);

  return (
    <p className="visually-hidden" role="status" aria-live="polite">
      {announcement}
    </p>
  );
}
