import { z } from 'zod';

export const ROLES = ['admin', 'teacher', 'student'] as const;
export type Role = (typeof ROLES)[number];
/** Roles allowed to build VMs and templates (the specification: teachers and administrators). */
export const BUILDER_ROLES: readonly Role[] = ['admin', 'teacher'];

export const usernameSchema = z
  .string({ error: 'username must be 1-64 characters: letters, digits, . _ -' })
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/,
    'username must be 1-64 characters: letters, digits, . _ -',
  );
export const passwordSchema = z
  .string({ error: 'password must be between 10 and 256 characters' })
  .min(10, 'password must be between 10 and 256 characters')
  .max(256, 'password must be between 10 and 256 characters');

/** The name people see (template cards, sharing, "private to Ana"); letters of any script. */
export const displayNameSchema = z
  .string({ error: 'display_name must be 1-80 characters' })
  .trim()
  .min(1, 'display_name must be 1-80 characters')
  .max(80, 'display_name must be 1-80 characters')
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'display_name must not contain control characters');

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    /** The name people see: the display name an admin set, else the username. */
    display_name: z.string(),
    role: z.enum(ROLES),
    created_at: z.string(),
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const loginRequestSchema = z.strictObject({
  username: z
    .string({ error: 'username is required' })
    .min(1, 'username is required')
    .max(64, 'username must be at most 64 characters'),
  password: z
    .string({ error: 'password is required' })
    .min(1, 'password is required')
    .max(256, 'password must be at most 256 characters'),
});

export const sessionResponseSchema = z
  .object({
    ok: z.literal(true),
    user: userSchema,
    /** Send back as the `x-csrf-token` header on every state-changing request. */
    csrf_token: z.string(),
    cluster_id: z.string(),
    clusters: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        /** Administrators only: the cluster's configured `web_ui_url` has a Proxmox web UI. */
        proxmox_web_ui: z.boolean().optional(),
      }),
    ),
  })
  .meta({ id: 'Session' });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const changePasswordRequestSchema = z.strictObject({
  current_password: z
    .string({ error: 'current_password is required' })
    .min(1, 'current_password is required'),
  new_password: passwordSchema,
  /** Also revoke every personal API token (scripts signing in with them stop working). */
  revoke_tokens: z.boolean({ error: 'revoke_tokens must be true or false' }).optional(),
});

export const changePasswordResponseSchema = z.object({
  ok: z.literal(true),
  api_tokens: z.object({
    revoked: z.number().int().nonnegative(),
    still_active: z.number().int().nonnegative(),
  }),
  message: z.string(),
});

export const selectClusterRequestSchema = z.strictObject({
  cluster_id: z.string({ error: 'cluster_id is required' }).min(1, 'cluster_id is required'),
});

export const createUserRequestSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }),
  display_name: displayNameSchema.optional(),
});
export const updateUserRequestSchema = z.strictObject({
  role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }).optional(),
  password: passwordSchema.optional(),
  disabled: z.boolean({ error: 'disabled must be true or false' }).optional(),
  /** null: show the username again. */
  display_name: displayNameSchema.nullable().optional(),
});
export const userResponseSchema = z.object({ ok: z.literal(true), user: userSchema });
export const userListResponseSchema = z.object({ ok: z.literal(true), users: z.array(userSchema) });

export const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    created_at: z.string(),
    last_used_at: z.string().optional(),
  })
  .meta({ id: 'ApiToken' });
export const createTokenRequestSchema = z.strictObject({
  name: z
    .string({ error: 'name must be 1-64 characters' })
    .min(1, 'name must be 1-64 characters')
    .max(64, 'name must be 1-64 characters'),
});
export const createdTokenResponseSchema = z.object({
  ok: z.literal(true),
  token: apiTokenSchema,
  /** Shown once: only a hash is stored. Send as `Authorization: Bearer <secret>`. */
  secret: z.string(),
});
export const tokenListResponseSchema = z.object({
  ok: z.literal(true),
  tokens: z.array(apiTokenSchema),
});
