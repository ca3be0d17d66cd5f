import { z } from 'zod';
import { scriptChoiceSchema, scriptRunResultSchema, type ScriptLanguage } from './guest-scripts.js';
import {
  DNS_NAME_PATTERN,
  boundedInt,
  flag,
  nodeNameSchema,
  storageIdSchema,
} from './primitives.js';

/**
 * Deploying a class: N clones of one template, named from a pattern (`lab-{nn}`) or from a list
 * of student names (`{name}`), linked or full, placed like builds, optionally started and given
 * a post-deployment script. The template comes from the path
 * (`POST /api/templates/{cluster_id}/{vmid}/deploy`).
 */
export const CLASS_SIZE_MAX = 100;
export const CLONE_KINDS = ['linked', 'full'] as const;
export type CloneKind = (typeof CLONE_KINDS)[number];

/** Letters, digits, hyphens, dots, and the placeholders `{n}` `{nn}` `{nnn}` `{name}`. */
export const DEPLOY_PATTERN_PATTERN = /^([a-zA-Z0-9.-]|\{n{1,3}\}|\{name\})+$/;
const INDEX_PLACEHOLDER = /\{(n{1,3})\}/;
/** PVE's `pve-tag` format. */
export const TAG_PATTERN = /^[a-z0-9_][a-z0-9_+.-]*$/i;
/** PVE's `pve-poolid` format. */
export const POOL_PATTERN = /^[A-Za-z0-9_-]+$/;

/** A student's name as a VM name: accents dropped, lower case, anything else a hyphen. */
export function studentNameToVmName(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** `{n}` unpadded; `{nn}`/`{nnn}` zero-padded to the class size's width, at least 2 / 3. */
export function expandClassPattern(
  pattern: string,
  index: number,
  count: number,
  name?: string,
): string {
  const width = String(count).length;
  return pattern
    .replace(/\{(n{1,3})\}/g, (_m, ns: string) =>
      ns.length === 1 ? String(index) : String(index).padStart(Math.max(ns.length, width), '0'),
    )
    .replace(/\{name\}/g, name ?? '');
}

export interface ClassNamesInput {
  count?: number | undefined;
  name_pattern?: string | undefined;
  names?: readonly string[] | undefined;
}

/**
 * The VM names a request asks for, in order (index = position + 1), or the problem with them
 * and the field it concerns. The SPA calls this for its live preview; the API for the same
 * answer.
 */
export function classVmNames(
  input: ClassNamesInput,
): { ok: true; names: string[] } | { ok: false; field: string; message: string } {
  const { count, names } = input;
  if ((count === undefined) === (names === undefined))
    return {
      ok: false,
      field: 'count',
      message: 'give either count with name_pattern (e.g. lab-{nn}) or names (a list of students)',
    };
  let out: string[];
  if (names !== undefined) {
    const pattern = input.name_pattern ?? '{name}';
    if (!pattern.includes('{name}'))
      return {
        ok: false,
        field: 'name_pattern',
        message:
          'name_pattern must contain {name} when you give a list of names, e.g. {name} or lab-{name}',
      };
    out = [];
    for (const [i, raw] of names.entries()) {
      const slug = studentNameToVmName(raw);
      if (!slug)
        return {
          ok: false,
          field: `names.${i}`,
          message: `"${raw.slice(0, 40)}" has no letters or digits to name a VM after`,
        };
      out.push(expandClassPattern(pattern, i + 1, names.length, slug));
    }
  } else {
    const pattern = input.name_pattern;
    if (pattern === undefined || !INDEX_PLACEHOLDER.test(pattern) || pattern.includes('{name}'))
      return {
        ok: false,
        field: 'name_pattern',
        message: 'name_pattern must contain {n}, {nn} or {nnn} (the VM number), e.g. lab-{nn}',
      };
    out = Array.from({ length: count ?? 0 }, (_, i) =>
      expandClassPattern(pattern, i + 1, count ?? 0),
    );
  }
  const field = names !== undefined ? 'names' : 'name_pattern';
  for (const name of out) {
    if (name.length > 63 || !DNS_NAME_PATTERN.test(name))
      return {
        ok: false,
        field,
        message: `"${name.slice(0, 70)}" is not a valid VM name: letters, digits, hyphens and dots, at most 63 characters, not starting or ending with a hyphen`,
      };
  }
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const n of out) (seen.has(n) ? dups : seen).add(n);
  if (dups.size > 0)
    return {
      ok: false,
      field,
      message: `these VM names would appear twice: ${[...dups].slice(0, 5).join(', ')}; every VM of a class needs its own name`,
    };
  return { ok: true, names: out };
}

const bodyShape = {
  /** How the class shows on My VMs; default "<template name> class". */
  class_name: z
    .string({ error: 'class_name must be text' })
    .trim()
    .min(1, 'class_name must not be empty')
    .max(60, 'class_name must be at most 60 characters')
    // eslint-disable-next-line no-control-regex -- control characters are what must be excluded
    .regex(/^[^\u0000-\u001f\u007f]+$/, 'class_name must be one line of text')
    .optional(),
  count: boundedInt('count', 1, CLASS_SIZE_MAX).optional(),
  name_pattern: z
    .string({ error: 'name_pattern must be text such as lab-{nn}' })
    .max(60, 'name_pattern must be at most 60 characters')
    .regex(
      DEPLOY_PATTERN_PATTERN,
      'name_pattern may contain only letters, digits, hyphens, dots and {n}, {nn}, {nnn} or {name}, e.g. lab-{nn}',
    )
    .optional(),
  names: z
    .array(
      z
        .string({ error: 'each name must be text' })
        .min(1, 'names must not contain an empty name')
        .max(60, 'each name must be at most 60 characters'),
      { error: 'names must be a list of student names' },
    )
    .min(1, 'names must list at least one student')
    .max(CLASS_SIZE_MAX, `names may list at most ${CLASS_SIZE_MAX} students`)
    .optional(),
  clone: z.enum(CLONE_KINDS, { error: 'clone must be linked or full' }).optional(),
  storage: storageIdSchema.optional(),
  nodes: z
    .array(nodeNameSchema, { error: 'nodes must be a list of node names' })
    .min(1, 'nodes must name at least one node (or leave it out for any node)')
    .max(64, 'nodes may name at most 64 nodes')
    .optional(),
  pool: z
    .string({ error: 'pool must be a Proxmox pool id' })
    .regex(POOL_PATTERN, 'pool must be a Proxmox pool id (letters, digits, - and _)')
    .max(64, 'pool must be at most 64 characters')
    .optional(),
  tags: z
    .array(
      z
        .string({ error: 'each tag must be text' })
        .regex(TAG_PATTERN, 'tags may contain letters, digits, _ + - and . (no spaces)')
        .max(40, 'each tag must be at most 40 characters'),
      { error: 'tags must be a list of tags' },
    )
    .max(10, 'at most 10 tags')
    .optional(),
  start: flag('start').default(false),
  script: scriptChoiceSchema.optional(),
  async: flag('async').optional(),
};

export const deployClassRequestSchema = z
  .strictObject(bodyShape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field: ${issue.keys.join(', ')}`
        : 'the body must be a JSON object',
  })
  .superRefine((req, ctx) => {
    const names = classVmNames(req);
    if (!names.ok)
      ctx.addIssue({ code: 'custom', path: names.field.split('.'), message: names.message });
    if (req.storage !== undefined && req.clone !== 'full')
      ctx.addIssue({
        code: 'custom',
        path: ['storage'],
        message:
          'storage is only for full clones: a linked clone keeps its disks on the template’s storage (choose a full clone to pick one)',
      });
  })
  .meta({ id: 'DeployClassRequest' });
export type DeployClassRequestInput = z.input<typeof deployClassRequestSchema>;
export type DeployClassRequest = z.output<typeof deployClassRequestSchema>;

export const deployParamsSchema = z.strictObject({
  cluster_id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'cluster_id must be a configured cluster id'),
  vmid: z.coerce
    .number({ error: 'vmid must be a VMID' })
    .int('vmid must be a VMID')
    .min(100, 'vmid must be a VMID')
    .max(999_999_999, 'vmid must be a VMID'),
});

/** The script a deployment runs, resolved by the API when the job is made (a restart runs the same one). */
export interface DeployScriptSnapshot {
  id: string;
  name: string;
  language: ScriptLanguage;
  body: string;
  timeout_s: number;
}

/** What a deploy job was asked, as stored: names resolved later, the script as a snapshot. */
export type DeployJobRequest = Omit<DeployClassRequest, 'async' | 'script' | 'class_name'> & {
  template_vmid: number;
  class_name: string;
  script?: DeployScriptSnapshot;
};

export const DEPLOY_ITEM_STATUSES = ['ok', 'failed', 'skipped'] as const;

export const deployItemResultSchema = z
  .object({
    /** 1-based position in the class (the `{n}` of the pattern, the list position of a name). */
    index: z.number().int(),
    name: z.string(),
    vmid: z.number().int().optional(),
    node: z.string().optional(),
    status: z.enum(DEPLOY_ITEM_STATUSES),
    /** What happened, in words (why it failed, what was left behind). */
    message: z.string().optional(),
    script: scriptRunResultSchema.optional(),
  })
  .meta({ id: 'DeployItemResult' });
export type DeployItemResult = z.infer<typeof deployItemResultSchema>;

export const deployResultSchema = z
  .object({
    ok: z.boolean(),
    job_id: z.string(),
    cluster_id: z.string(),
    template_vmid: z.number().int(),
    class_name: z.string(),
    clone: z.enum(CLONE_KINDS),
    succeeded: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    items: z.array(deployItemResultSchema),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'DeployResult' });
export type DeployResult = z.infer<typeof deployResultSchema>;

/** Group actions on a class's VMs (My VMs). Delete needs `confirm` = the class name. */
export const CLASS_ACTIONS = ['start', 'shutdown', 'delete'] as const;
export type ClassAction = (typeof CLASS_ACTIONS)[number];

export const classActionParamsSchema = z.strictObject({
  class_id: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'class_id must be a class id'),
});

export const classActionRequestSchema = z
  .strictObject({
    action: z.enum(CLASS_ACTIONS, { error: `action must be one of ${CLASS_ACTIONS.join(', ')}` }),
    /** Delete only: the class's name, typed by the teacher. */
    confirm: z.string().max(80, 'confirm must be at most 80 characters').optional(),
  })
  .meta({ id: 'ClassActionRequest' });
export type ClassActionRequest = z.infer<typeof classActionRequestSchema>;

export const classActionItemSchema = z
  .object({
    vmid: z.number().int(),
    name: z.string(),
    status: z.enum(DEPLOY_ITEM_STATUSES),
    message: z.string(),
  })
  .meta({ id: 'ClassActionItem' });

export const classActionResultSchema = z
  .object({
    ok: z.boolean(),
    class_id: z.string(),
    class_name: z.string(),
    action: z.enum(CLASS_ACTIONS),
    succeeded: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    items: z.array(classActionItemSchema),
  })
  .meta({ id: 'ClassActionResult' });
export type ClassActionResult = z.infer<typeof classActionResultSchema>;

/** What the deploy form offers for a template (and the same check a deployment makes first). */
export const deployOptionsResponseSchema = z
  .object({
    ok: z.literal(true),
    template: z.object({ vmid: z.number().int(), name: z.string(), node: z.string() }),
    /** What a deployment without `clone` makes. */
    clone: z.enum(CLONE_KINDS),
    linked_possible: z.boolean(),
    /** Why Proxmox cannot make linked clones of this template, in words. */
    linked_why_not: z.string().optional(),
    nodes: z.array(
      z.object({
        node: z.string(),
        usable: z.boolean(),
        reasons: z.array(z.string()),
      }),
    ),
    /** Storages a full clone may go to, with the nodes that can use each. */
    full_clone_storages: z.array(
      z.object({ storage: z.string(), shared: z.boolean(), nodes: z.array(z.string()) }),
    ),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'DeployOptions' });
export type DeployOptions = z.infer<typeof deployOptionsResponseSchema>;
