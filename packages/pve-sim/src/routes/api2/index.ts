import type { ApiRoute } from '../../http/route.js';
import { accessRoutes } from './access.js';
import { capabilityRoutes } from './capabilities.js';
import { clusterRoutes } from './cluster.js';
import { downloadRoutes } from './download.js';
import { nodeRoutes } from './nodes.js';
import { queryUrlRoutes } from './query-url.js';
import { qemuActionRoutes } from './qemu-actions.js';
import { qemuAgentRoutes } from './qemu-agent.js';
import { qemuCloneRoutes } from './qemu-clone.js';
import { qemuConfigRoutes } from './qemu-config.js';
import { qemuConsoleRoutes } from './qemu-console.js';
import { qemuCreateRoutes } from './qemu-create.js';
import { qemuPowerRoutes } from './qemu-power.js';
import { qemuReadRoutes } from './qemu-read.js';
import { storageRoutes } from './storage.js';
import { taskRoutes } from './tasks.js';
import { uploadRoutes } from './upload.js';
import { volumeRoutes } from './volume-delete.js';

/** Every PVE endpoint the simulator implements; anything else answers 501. */
export const apiRoutes: ApiRoute[] = [
  ...accessRoutes,
  ...clusterRoutes,
  ...nodeRoutes,
  ...capabilityRoutes,
  ...storageRoutes,
  ...downloadRoutes,
  ...uploadRoutes,
  ...volumeRoutes,
  ...queryUrlRoutes,
  ...qemuReadRoutes,
  ...qemuCreateRoutes,
  ...qemuActionRoutes,
  ...qemuPowerRoutes,
  ...qemuConsoleRoutes,
  ...qemuConfigRoutes,
  ...qemuCloneRoutes,
  ...qemuAgentRoutes,
  ...taskRoutes,
];
