import type RFB from '@novnc/novnc';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api-client.js';
import { fetchConsoleTicket } from '../api/console-ticket.js';

export type ConsoleStatus =
  | { kind: 'connecting' }
  | { kind: 'connected'; name: string }
  | { kind: 'waiting'; message: string; attempt: number }
  | { kind: 'closed'; message: string };

/** How long a rebooting VM may take to come back before we stop trying (2 s apart). */
const RECONNECT_ATTEMPTS = 30;
const RECONNECT_MS = 2000;

/**
 * One noVNC session over LabForge's console WebSocket, with a fresh one-time ticket for every
 * connection. When the VM reboots during setup the connection drops; we reconnect by
 * ourselves while the VM comes back (a stopped VM answers 409 until it runs again).
 */
export function useVnc(clusterId: string, vmid: number, scale: boolean) {
  const screenRef = useRef<HTMLDivElement>(null);
  const rfbRef = useRef<RFB | undefined>(undefined);
  const [status, setStatus] = useState<ConsoleStatus>({ kind: 'connecting' });
  const stopped = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const scaleRef = useRef(scale);
  scaleRef.current = scale;

  const connect = useCallback(
    async (attempt: number) => {
      const target = screenRef.current;
      if (!target || stopped.current) return;
      const retry = (message: string) => {
        if (stopped.current) return;
        if (attempt >= RECONNECT_ATTEMPTS) {
          setStatus({ kind: 'closed', message });
          return;
        }
        setStatus({ kind: 'waiting', message, attempt: attempt + 1 });
        timer.current = setTimeout(() => void connect(attempt + 1), RECONNECT_MS);
      };
      let ticket: Awaited<ReturnType<typeof fetchConsoleTicket>>;
      let Rfb: typeof RFB;
      try {
        // noVNC is loaded with the console page only, not with the rest of the app.
        [ticket, { default: Rfb }] = await Promise.all([
          fetchConsoleTicket(clusterId, vmid),
          import('@novnc/novnc'),
        ]);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // 409: not running (yet); anything else (403, 404) will not get better by waiting.
        if (err instanceof ApiError && err.status !== 409 && err.status !== 502 && err.status !== 0)
          setStatus({ kind: 'closed', message });
        else retry(message);
        return;
      }
      if (stopped.current) return;
      target.replaceChildren();
      const rfb = new Rfb(target, ticket.url, {
        credentials: { password: ticket.password },
        wsProtocols: ['binary'],
        shared: true,
      });
      rfb.scaleViewport = scaleRef.current;
      rfb.resizeSession = false;
      rfb.focusOnClick = true;
      rfb.background = '#111';
      rfbRef.current = rfb;
      let connected = false;
      rfb.addEventListener('connect', () => {
        connected = true;
        setStatus({ kind: 'connected', name: ticket.name });
        rfb.focus();
      });
      rfb.addEventListener('credentialsrequired', () =>
        rfb.sendCredentials({ password: ticket.password }),
      );
      rfb.addEventListener('disconnect', () => {
        if (rfbRef.current === rfb) rfbRef.current = undefined;
        if (stopped.current) return;
        retry(
          connected
            ? 'The console closed (the VM may be restarting). Reconnecting…'
            : 'The console could not connect. Trying again…',
        );
      });
    },
    [clusterId, vmid],
  );

  useEffect(() => {
    stopped.current = false;
    void connect(0);
    return () => {
      stopped.current = true;
      clearTimeout(timer.current);
      rfbRef.current?.disconnect();
      rfbRef.current = undefined;
    };
  }, [connect]);

  useEffect(() => {
    if (rfbRef.current) rfbRef.current.scaleViewport = scale;
  }, [scale]);

  const reconnect = useCallback(() => {
    clearTimeout(timer.current);
    rfbRef.current?.disconnect();
    rfbRef.current = undefined;
    stopped.current = false;
    setStatus({ kind: 'connecting' });
    void connect(0);
  }, [connect]);

  return { screenRef, rfb: rfbRef, status, reconnect };
}
