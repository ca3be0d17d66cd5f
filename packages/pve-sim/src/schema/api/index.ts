import type { MethodDefinition } from '../types.js';
import { clusterAccessApi } from './cluster-access.js';
import { nodesApi } from './nodes.js';
import { qemuApi } from './qemu.js';
import { storageFilesApi } from './storage-files.js';
import { qemuCloneAgentApi } from './qemu-clone-agent.js';
import { qemuConsoleApi } from './qemu-console.js';

/** Hand-written definitions of every endpoint the simulator implements (PVE 9.1 parameters). */
export const simulatorApi: MethodDefinition[] = [
  ...clusterAccessApi,
  ...nodesApi,
  ...storageFilesApi,
  ...qemuApi,
  ...qemuCloneAgentApi,
  ...qemuConsoleApi,
];
