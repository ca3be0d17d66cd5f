export { createPveClient, type PveClient } from './client.js';
export type { RequestKind, RequestOptions, Envelope } from './client-core.js';
export {
  DEFAULT_POLL,
  DEFAULT_TIMEOUTS,
  type PollOptions,
  type PveClientOptions,
  type Timeouts,
} from './options.js';
export type { AuthConfig } from './auth/types.js';
export type { TlsOptions } from './http/tls.js';
export { normalizeFingerprint } from './http/tls.js';
export type { HttpMethod } from './http/transport.js';
export {
  DEFAULT_RETRY,
  backoffDelay,
  decideRetry,
  isRetryable,
  type FailureKind,
  type RetryDecision,
  type RetryInput,
  type RetryOptions,
} from './http/retry-policy.js';
export { encodeParams } from './http/encode.js';
export type { PveLogger } from './logger.js';
export {
  PveAbortError,
  PveAuthError,
  PveError,
  PveHttpError,
  PveNetworkError,
  PveSshError,
  PveTaskError,
  PveTimeoutError,
  PveTlsError,
  isAlreadyExists,
  isDoesNotExist,
  isExistingFileRefusal,
  isAgentNotConfigured,
  isNodeUnreachable,
  isPermissionError,
  pveErrorText,
  pveStatusOf,
} from './errors.js';
export { redact, redactValue } from './redact.js';
export { parseUpid, isUpid, UpidParseError } from './upid.js';
export { interpretExitStatus, type ExitVerdict } from './tasks/exit-status.js';
export type { TasksApi, TaskListQuery, TaskWaitOptions } from './tasks/types.js';
export type { ClusterApi, CpuModel, NodesApi, NetworkApi } from './resources/cluster.js';
export type { StorageApi, StorageListQuery, DownloadUrlParams } from './resources/storage.js';
export type { QemuApi } from './resources/qemu.js';
export {
  uploadEnvelope,
  type ChecksumAlgorithm,
  type StorageUploadApi,
  type UploadProgress,
  type UploadToStorageParams,
} from './resources/storage-upload.js';
export type { DeleteVolumeParams, StorageContentApi } from './resources/storage-content.js';
export {
  parseTransferProgress,
  type TransferPhase,
  type TransferProgress,
} from './resources/transfer-progress.js';
export type { QemuCloneApi, QemuCloneParams } from './resources/qemu-clone.js';
export type { QemuAgentApi, AgentExecStatus, AgentOsInfo } from './resources/qemu-agent.js';
export {
  isConfigLockTimeout,
  isLockTimeout,
  isStorageLockTimeout,
  vmLockOf,
} from './lock-errors.js';
export type { QemuPowerApi } from './resources/qemu-power.js';
export type { OpenVncOptions, QemuConsoleApi, VncProxyTicket } from './resources/qemu-console.js';
export type { AccessApi } from './resources/access.js';
export type { PoolsApi, ResourcePool } from './resources/pools.js';
export {
  createSshExecutor,
  type SshExecutor,
  type SshExecutorOptions,
  type SshRunResult,
} from './ssh/executor.js';
export { shellQuote, shellJoin } from './ssh/shell-quote.js';
export { sshFingerprint, normalizeSshFingerprint } from './ssh/host-key.js';
export type * from './types.js';
