import type { ScriptChoice } from '@labforge/contracts';
import type { ScriptToRun } from '@labforge/engine';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';

/**
 * The saved script a deployment asks for, as the snapshot its job keeps. Interim: the
 * post-deployment scripts work replaces this file; until then every choice is refused.
 */
export function resolveScriptChoice(
  _ctx: AppContext,
  _req: FastifyRequest,
  _choice: ScriptChoice,
): ScriptToRun {
  const message = 'post-deployment scripts are not available in this build';
  throw new ApiError(400, message, { fields: { script: message } });
}
