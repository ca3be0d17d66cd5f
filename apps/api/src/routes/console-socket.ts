import { consoleSocket } from '@labforge/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData } from 'ws';
import { authoriseVmAction } from '../access/vm-access.js';
import { bridgeSockets } from '../console/bridge.js';
import { originAllowed } from '../console/origin.js';
import type { ConsoleGrant } from '../console/tickets.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { currentUser, requireAccess, resolveCluster, stillAuthorised } from '../plugins/auth.js';

const REVOCATION_CHECK_MS = 2_000;

declare module 'fastify' {
  interface FastifyRequest {
    consoleGrant?: ConsoleGrant;
  }
}

interface ConsoleReq extends FastifyRequest {
  params: { cluster_id: string; vmid: number };
  query: { ticket: string };
}

/**
 * The console WebSocket. Every check runs in preValidation, before the upgrade and before
 * anything reaches Proxmox: a signed-in teacher or admin, an Origin of LabForge itself, the
 * ownership rule, and the one-time ticket (consumed now). Refusals are plain HTTP answers (no
 * 101). Only then does the handler open Proxmox's side with the cluster's credentials.
 */
export function consoleSocketRoute(app: FastifyInstance, ctx: AppContext): void {
  const gate = requireAccess('builder');
  app.route({
    method: 'GET',
    url: consoleSocket.path,
    schema: { hide: true, params: consoleSocket.params, querystring: consoleSocket.query },
    preValidation: async (request, reply) => {
      const req = request as ConsoleReq;
      await gate(req, reply);
      const user = currentUser(req);
      if (!originAllowed(req)) {
        ctx.audit.record({
          actor: user.username,
          action: 'vm-console-refused',
          target: `vm ${req.params.cluster_id}/${req.params.vmid}`,
          outcome: 'error',
          detail: 'foreign origin',
        });
        throw new ApiError(403, 'the console can only be opened from LabForge itself');
      }
    },
    preHandler: async (request) => {
      const req = request as ConsoleReq;
      const cluster = resolveCluster(req, ctx, req.params.cluster_id);
      authoriseVmAction(ctx, req, cluster.id, req.params.vmid, 'open the console of');
      const user = currentUser(req);
      const taken = ctx.consoles.tickets.take(req.query.ticket, {
        userId: user.id,
        clusterId: cluster.id,
        vmid: req.params.vmid,
      });
      if (!taken.ok) {
        ctx.audit.record({
          actor: user.username,
          action: 'vm-console-refused',
          target: `vm ${cluster.id}/${req.params.vmid}`,
          outcome: 'error',
          detail: `ticket ${taken.reason}`,
        });
        throw new ApiError(
          403,
          taken.reason === 'expired'
            ? 'the console ticket has expired: open the console again'
            : 'the console ticket is not valid (each ticket works once): open the console again',
        );
      }
      req.consoleGrant = taken.grant;
    },
    handler: () => {
      throw new ApiError(426, 'this is a WebSocket: connect with Upgrade: websocket');
    },
    wsHandler: (browser, request) => {
      const req = request as ConsoleReq;
      const grant = req.consoleGrant!;
      const auth = req.auth!;
      const actor = auth.user.username;
      const target = `vm ${grant.clusterId}/${grant.vmid}`;
      const early: RawData[] = [];
      const hold = (m: RawData) => early.push(m);
      browser.on('message', hold);
      const abort = new AbortController();
      let bridge: { close(code: number, reason: string): void } | undefined;
      let untrack = ctx.consoles.track((code, reason) => {
        abort.abort();
        if (bridge) bridge.close(code, reason);
        else browser.close(code, reason);
      });
      browser.once('close', () => abort.abort());
      const started = Date.now();
      grant.prepared.open(abort.signal).then(
        ({ socket }) => {
          browser.off('message', hold);
          if (abort.signal.aborted || browser.readyState !== browser.OPEN) {
            socket.terminate();
            untrack();
            return;
          }
          const check = setInterval(() => {
            if (!stillAuthorised(ctx, auth)) bridge?.close(1008, 'your session has ended');
          }, REVOCATION_CHECK_MS);
          check.unref();
          ctx.audit.record({
            actor,
            action: 'vm-console',
            target,
            outcome: 'ok',
            detail: 'opened',
          });
          bridge = bridgeSockets(browser, socket, early, (why, stats) => {
            clearInterval(check);
            untrack();
            untrack = () => true;
            ctx.audit.record({
              actor,
              action: 'vm-console-closed',
              target,
              outcome: 'ok',
              detail: `${why} after ${Math.round((Date.now() - started) / 1000)} s (${stats.toBrowser} bytes to the browser)`,
            });
          });
        },
        (err: unknown) => {
          untrack();
          const detail = err instanceof Error ? err.message : String(err);
          req.log.warn({ err: detail, vmid: grant.vmid }, 'console: Proxmox side failed');
          ctx.audit.record({ actor, action: 'vm-console', target, outcome: 'error', detail });
          if (browser.readyState === browser.OPEN)
            browser.close(1011, 'the VM console could not be reached');
        },
      );
    },
  });
}
