import { isIP } from 'node:net';
import { z } from 'zod';

const idPattern = /^[a-z0-9][a-z0-9_-]{0,62}$/i;
const fingerprintPattern = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/i;

/** Credentials: an API token (preferred, privilege-separated) or a user whose ticket is renewed. */
const tokenSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[^\s@!]+@[A-Za-z][A-Za-z0-9._-]*![A-Za-z][A-Za-z0-9._-]+$/,
      'token.id must look like user@realm!name',
    ),
  secret: z.string().min(1, 'token.secret is required (or set it through the environment)'),
});
const userSchema = z.strictObject({
  username: z.string().regex(/^[^@\s]+@[^\s]+$/, 'user.username must look like user@realm'),
  password: z.string().min(1, 'user.password is required (or set it through the environment)'),
});

const tlsSchema = z
  .strictObject({
    /** SHA-256 of the server certificate, colon hex as PVE's GUI shows it. */
    fingerprint: z
      .union([z.string(), z.array(z.string()).min(1)])
      .refine(
        (v) => (Array.isArray(v) ? v : [v]).every((f) => fingerprintPattern.test(f)),
        'tls.fingerprint must be a SHA-256 fingerprint AA:BB:... (or a list, one per node)',
      )
      .optional(),
    ca: z.string().optional(),
    ca_file: z.string().optional(),
    /** Skips verification: explicit, and logged at start. */
    insecure: z.boolean().optional(),
  })
  .default({});

const sshSchema = z.strictObject({
  username: z.string().min(1).default('root'),
  port: z.number().int().min(1).max(65_535).default(22),
  password: z.string().optional(),
  private_key: z.string().optional(),
  private_key_file: z.string().optional(),
  /** OpenSSH's `SHA256:base64` host key fingerprint, per node (or `*` for every node). */
  host_key_fingerprints: z.record(
    z.string(),
    z.string().regex(/^SHA256:[A-Za-z0-9+/]+=*$/, 'host key fingerprints look like SHA256:base64'),
  ),
  /** Address of each node, when it is not the node name. */
  hosts: z.record(z.string(), z.string()).default({}),
  timeout_ms: z.number().int().positive().default(30_000),
});

/** proxy-addr's names for address ranges, accepted by Fastify's `trustProxy` list. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(value: string): boolean {
  if (PROXY_RANGE_NAMES.has(value)) return true;
  const [address = '', bits, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/**
 * Which reverse proxies may set X-Forwarded-For/-Proto: none (default) or the proxies' addresses
 * or CIDRs. `true` is refused: trusting every hop lets any client choose the address the login
 * throttle counts, so it could guess passwords without limit. A hop count is refused too: Fastify 5
 * ignores numeric `trustProxy` (it cannot check the immediate peer, so it fails closed), which would
 * silently turn the setting off.
 */
export const trustProxySchema = z
  .union(
    [
      z.literal(false),
      z
        .array(
          z
            .string()
            .refine(
              isProxyAddress,
              'trust_proxy entries are addresses or CIDRs (10.0.0.5, 10.0.0.0/24, ::1) or loopback/linklocal/uniquelocal',
            ),
        )
        .min(1, 'trust_proxy lists at least one proxy address'),
    ],
    {
      error: (issue) =>
        issue.input === true
          ? "trust_proxy: true would trust every hop, so any client could pick the address the login throttle counts; list your proxies' addresses or CIDRs instead"
          : typeof issue.input === 'number'
            ? "trust_proxy takes the proxies' addresses or CIDRs, not a hop count (Fastify ignores hop counts)"
            : Array.isArray(issue.input)
              ? undefined
              : 'trust_proxy is false or a list of proxy addresses/CIDRs',
    },
  )
  .default(false);
export type TrustProxy = z.output<typeof trustProxySchema>;

export const DEFAULT_VIRTIO_URL =
  'https://fedorapeople.org/groups/virt/virtio-win/direct-downloads/stable-virtio/virtio-win.iso';

export const clusterConfigSchema = z
  .strictObject({
    id: z.string().regex(idPattern, 'id must be letters, digits, - and _ (at most 63)'),
    name: z.string().min(1).max(100),
    endpoints: z
      .array(
        z.url({ protocol: /^https?$/, error: 'endpoints must be URLs like https://pve1:8006' }),
      )
      .min(1, 'endpoints must list at least one URL'),
    token: tokenSchema.optional(),
    user: userSchema.optional(),
    tls: tlsSchema,
    ssh: sshSchema.optional(),
    virtio: z
      .strictObject({
        url: z.url().default(DEFAULT_VIRTIO_URL),
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/i, 'virtio.sha256 must be 64 hex digits')
          .optional(),
        filename: z.string().optional(),
      })
      .default({ url: DEFAULT_VIRTIO_URL }),
    defaults: z
      .strictObject({ storage: z.string().optional(), bridge: z.string().default('vmbr0') })
      .default({ bridge: 'vmbr0' }),
    /** Proxmox web UI base for console links; defaults to the first endpoint. */
    web_ui_url: z.url().optional(),
    max_concurrent_builds: z.number().int().min(1).max(32).default(4),
    /**
     * LabForge's Proxmox reads in flight per node (PVE runs 3 API workers per daemon, so more
     * only queue there) and over the cluster (a safety cap).
     */
    proxmox_reads: z
      .strictObject({
        per_node: z.number().int().min(1).max(32).default(3),
        total: z.number().int().min(1).max(1000).default(64),
      })
      .default({ per_node: 3, total: 64 }),
    /**
     * Deploying a class: clones at once per target node and per storage (parallel clones on one
     * storage only wait on its lock and time out), and how lock timeouts are retried.
     */
    clones: z
      .strictObject({
        per_node: z.number().int().min(1).max(16).default(3),
        per_storage: z.number().int().min(1).max(16).default(2),
        lock_retries: z.number().int().min(0).max(10).default(4),
        retry_base_ms: z.number().int().min(1).max(60_000).default(1000),
      })
      .default({ per_node: 3, per_storage: 2, lock_retries: 4, retry_base_ms: 1000 }),
    /** With several endpoints: reads go to the one with the fewest in flight (writes: the first). */
    spread_reads: z.boolean().default(true),
    /**
     * Post-deployment scripts: how long a VM's QEMU guest agent may take to answer after the VM
     * runs (a Windows first boot takes minutes) before the VM is reported "agent unreachable".
     */
    script_agent_wait_s: z.number().int().min(1).max(3600).default(300),
    /** Who may add ISOs to this cluster's library: admins only, or teachers too. */
    iso_library: z
      .strictObject({ add: z.enum(['admins', 'teachers']).default('teachers') })
      .default({ add: 'teachers' }),
  })
  .refine((c) => Boolean(c.token) !== Boolean(c.user), {
    message: 'give exactly one of token or user',
    path: ['token'],
  });
export type ClusterConfig = z.output<typeof clusterConfigSchema>;

export const configSchema = z
  .strictObject({
    port: z.number().int().min(0).max(65_535).default(8080),
    host: z.string().default('0.0.0.0'),
    data_dir: z.string().min(1).default('./data'),
    /** Signs session cookies. Required: there is no built-in fallback. */
    session_secret: z
      .string({ error: 'session_secret is required (env LABFORGE_SESSION_SECRET)' })
      .min(32, 'session_secret must be at least 32 characters'),
    log_level: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** Honour X-Forwarded-* from these reverse proxies only (so cookies get Secure behind TLS). */
    trust_proxy: trustProxySchema,
    /** `auto`: Secure when the request came over TLS. */
    cookie_secure: z.union([z.boolean(), z.literal('auto')]).default('auto'),
    session_ttl_hours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
    body_limit_bytes: z.number().int().min(1024).max(10_485_760).default(65_536),
    /** The largest ISO upload accepted (streamed, never held in memory); default 16 GiB. */
    iso_upload_max_bytes: z
      .number()
      .int()
      .min(1024)
      .default(16 * 1024 ** 3),
    /** log2 of scrypt's cost N; 17 follows OWASP, tests may lower it. */
    scrypt_log2n: z.number().int().min(12).max(20).default(17),
    login_rate_limit: z
      .strictObject({
        max: z.number().int().min(1).default(10),
        window_ms: z.number().int().min(1000).default(60_000),
      })
      .default({ max: 10, window_ms: 60_000 }),
    /** How long a shutdown waits for running builds before leaving them to be resumed. */
    shutdown_grace_ms: z.number().int().min(0).default(30_000),
    /** The built SPA; served with an index.html fallback when the directory exists. */
    web_dist: z.string().optional(),
    /**
     * Console tickets' lifetime: at most 10 s, the time PVE's vncproxy task waits for its
     * WebSocket (a later connection would find the Proxmox side gone).
     */
    console_ticket_ttl_ms: z.number().int().min(500).max(10_000).default(10_000),
    /**
     * "Start and boot from the ISO": Enter is pressed `presses` times, first after `first_ms`,
     * then every `interval_ms`, covering the firmware's few seconds and the ~5 s prompt.
     */
    boot_keys: z
      .strictObject({
        first_ms: z.number().int().min(0).max(60_000).default(500),
        interval_ms: z.number().int().min(50).max(10_000).default(1000),
        presses: z.number().int().min(1).max(30).default(8),
      })
      .default({ first_ms: 500, interval_ms: 1000, presses: 8 }),
    clusters: z.array(clusterConfigSchema).min(1, 'clusters must list at least one cluster'),
  })
  .refine((c) => new Set(c.clusters.map((x) => x.id)).size === c.clusters.length, {
    message: 'cluster ids must be unique',
    path: ['clusters'],
  });
export type AppConfig = z.output<typeof configSchema>;
export type AppConfigInput = z.input<typeof configSchema>;
