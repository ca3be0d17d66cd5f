/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Append only:
 * never edit a migration that has shipped.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'teacher', 'student')),
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    cluster_id TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
  );
  CREATE INDEX api_tokens_user ON api_tokens(user_id);
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error')),
    detail TEXT
  );
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    request TEXT NOT NULL,
    steps TEXT NOT NULL,
    warnings TEXT NOT NULL,
    result TEXT,
    error TEXT,
    checkpoint TEXT,
    last_seq INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX jobs_created ON jobs(created_at DESC);
  CREATE INDEX jobs_status ON jobs(status);
  CREATE TABLE job_events (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
  );
  `,
  // Who may act on an existing VM. Backfilled from the jobs that built VMs before this table existed.
  `
  CREATE TABLE vm_owners (
    cluster_id TEXT NOT NULL,
    vmid INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('built', 'assigned')),
    job_id TEXT,
    assigned_by TEXT,
    since TEXT NOT NULL,
    PRIMARY KEY (cluster_id, vmid)
  );
  CREATE INDEX vm_owners_user ON vm_owners(user_id);
  INSERT OR IGNORE INTO vm_owners (cluster_id, vmid, user_id, source, job_id, since)
    SELECT j.cluster_id, json_extract(j.result, '$.vmid'), u.id, 'built', j.id,
           COALESCE(j.finished_at, j.created_at)
    FROM jobs j JOIN users u ON u.username = j.created_by
    WHERE j.kind = 'build' AND j.result IS NOT NULL AND json_extract(j.result, '$.vmid') IS NOT NULL;
  INSERT OR IGNORE INTO vm_owners (cluster_id, vmid, user_id, source, job_id, since)
    SELECT j.cluster_id, json_extract(item.value, '$.vmid'), u.id, 'built', j.id,
           COALESCE(j.finished_at, j.created_at)
    FROM jobs j JOIN users u ON u.username = j.created_by, json_each(j.result, '$.items') item
    WHERE j.kind = 'bulk' AND j.result IS NOT NULL AND json_extract(item.value, '$.vmid') IS NOT NULL;
  `,
  // Who added which ISO through LabForge (removal by the teacher who added it), and admins' pins.
  `
  CREATE TABLE iso_provenance (
    cluster_id TEXT NOT NULL,
    volid TEXT NOT NULL,
    node TEXT NOT NULL DEFAULT '',
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('upload', 'download')),
    url TEXT,
    checksum_algorithm TEXT,
    checksum TEXT,
    job_id TEXT,
    PRIMARY KEY (cluster_id, volid, node)
  );
  CREATE TABLE virtio_pins (
    cluster_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    pinned_by TEXT NOT NULL,
    pinned_at TEXT NOT NULL
  );
  `,
  // Template cards (every template LabForge built or finalised) and named sharing. Teachers get a
  // display name for the cards. Cards are backfilled from the jobs that made templates before;
  // templates recorded only in vm_owners get theirs when the Templates list first reads Proxmox.
  `
  ALTER TABLE users ADD COLUMN display_name TEXT;
  CREATE TABLE template_cards (
    cluster_id TEXT NOT NULL,
    vmid INTEGER NOT NULL,
    author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    author_username TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('built', 'finalised', 'recorded')),
    job_id TEXT,
    created_at TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    family_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    visibility TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'teachers', 'named')),
    retired_at TEXT,
    retired_by TEXT,
    facts TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (cluster_id, vmid)
  );
  CREATE INDEX template_cards_family ON template_cards(cluster_id, family_id);
  CREATE TABLE template_shares (
    cluster_id TEXT NOT NULL,
    vmid INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (cluster_id, vmid, user_id),
    FOREIGN KEY (cluster_id, vmid) REFERENCES template_cards(cluster_id, vmid) ON DELETE CASCADE
  );
  INSERT OR IGNORE INTO template_cards
      (cluster_id, vmid, author_id, author_username, source, job_id, created_at, family_id, updated_at)
    SELECT j.cluster_id, json_extract(j.result, '$.vmid'), u.id, j.created_by, 'built', j.id,
           COALESCE(j.finished_at, j.created_at),
           j.cluster_id || '/' || json_extract(j.result, '$.vmid'), COALESCE(j.finished_at, j.created_at)
    FROM jobs j LEFT JOIN users u ON u.username = j.created_by
    WHERE j.kind = 'build' AND j.status = 'succeeded'
      AND json_extract(j.request, '$.convert_to_template') = 1
      AND json_extract(j.result, '$.vmid') IS NOT NULL;
  INSERT OR IGNORE INTO template_cards
      (cluster_id, vmid, author_id, author_username, source, job_id, created_at, family_id, updated_at)
    SELECT j.cluster_id, json_extract(item.value, '$.vmid'), u.id, j.created_by, 'built', j.id,
           COALESCE(j.finished_at, j.created_at),
           j.cluster_id || '/' || json_extract(item.value, '$.vmid'), COALESCE(j.finished_at, j.created_at)
    FROM jobs j LEFT JOIN users u ON u.username = j.created_by, json_each(j.result, '$.items') item
    WHERE j.kind = 'bulk' AND j.result IS NOT NULL
      AND json_extract(j.request, '$.convert_to_template') = 1
      AND json_extract(item.value, '$.vmid') IS NOT NULL
      AND json_extract(item.value, '$.ok') = 1;
  INSERT OR IGNORE INTO template_cards
      (cluster_id, vmid, author_id, author_username, source, job_id, created_at, family_id, updated_at)
    SELECT j.cluster_id, json_extract(j.result, '$.vmid'), u.id, j.created_by, 'finalised', j.id,
           COALESCE(j.finished_at, j.created_at),
           j.cluster_id || '/' || json_extract(j.result, '$.vmid'), COALESCE(j.finished_at, j.created_at)
    FROM jobs j LEFT JOIN users u ON u.username = j.created_by
    WHERE j.kind = 'finalise' AND j.status = 'succeeded' AND json_extract(j.result, '$.vmid') IS NOT NULL;
  `,
  // Post-deployment scripts teachers keep (run through the QEMU guest agent); bodies are teacher
  // data, never logged. A user's scripts go with the user.
  `
  CREATE TABLE scripts (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('shell', 'powershell')),
    description TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    timeout_s INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX scripts_owner ON scripts(owner_id);
  `,
];
