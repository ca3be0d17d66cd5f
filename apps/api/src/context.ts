import type { AppConfig } from './config/schema.js';
import type { ConsoleHub } from './console/hub.js';
import type { AuditLog } from './db/audit.js';
import type { Db } from './db/database.js';
import type { IsoProvenanceStore } from './db/iso-provenance.js';
import type { ScriptStore } from './db/scripts.js';
import type { SessionStore } from './db/sessions.js';
import type { TemplateCardStore } from './db/template-cards.js';
import type { TokenStore } from './db/tokens.js';
import type { UserStore } from './db/users.js';
import type { VmOwnerStore } from './db/vm-owners.js';
import type { ClusterHandle } from './clusters/handle.js';
import type { JobRunner } from './jobs/runner.js';
import type { JobStore } from './jobs/store.js';

/** Everything routes need, passed explicitly instead of hung on the fastify instance. */
export interface AppContext {
  config: AppConfig;
  db: Db;
  users: UserStore;
  sessions: SessionStore;
  tokens: TokenStore;
  vmOwners: VmOwnerStore;
  /** Who added which ISO through LabForge, and admins' virtio-win pins. */
  isoProvenance: IsoProvenanceStore;
  /** Template cards: who made each template, who may use it, its versions. */
  templateCards: TemplateCardStore;
  /** Teachers' post-deployment scripts. */
  scripts: ScriptStore;
  audit: AuditLog;
  jobs: JobStore;
  runner: JobRunner;
  clusters: ReadonlyMap<string, ClusterHandle>;
  defaultClusterId: string;
  /** Console tickets and open consoles. */
  consoles: ConsoleHub;
}
