import type { ScriptChoice } from '@labforge/contracts';
import type { ScriptToRun } from '@labforge/engine';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { StoredScript } from '../db/scripts.js';
import { ApiError } from '../http/api-error.js';
import { currentUser } from '../plugins/auth.js';

/**
 * The one ownership rule for saved scripts: administrators may use and change any script; a
 * teacher only their own. 404 for an unknown id, 403 (audited) for another teacher's.
 */
export function scriptFor(
  ctx: AppContext,
  req: FastifyRequest,
  id: string,
  action: 'read' | 'change' | 'delete' | 'run',
): StoredScript {
  const user = currentUser(req);
  const script = ctx.scripts.get(id);
  if (!script) throw new ApiError(404, `script not found: ${id}`);
  if (user.role === 'admin' || script.ownerId === user.id) return script;
  ctx.audit.record({
    actor: user.username,
    action: 'script-access-refused',
    target: `script ${id}`,
    outcome: 'error',
    detail: action,
  });
  throw new ApiError(403, `you cannot ${action} this script: it belongs to another teacher`, {
    script_id: id,
  });
}

/** A deployment's script choice as the engine runs it (the choice's timeout wins). */
export function resolveScriptChoice(
  ctx: AppContext,
  req: FastifyRequest,
  choice: ScriptChoice,
): ScriptToRun {
  const s = scriptFor(ctx, req, choice.script_id, 'run');
  return {
    id: s.id,
    name: s.name,
    language: s.language,
    body: s.body,
    timeout_s: choice.timeout_s ?? s.timeout_s,
  };
}
