import type { Endpoint } from '../endpoint.js';
import * as admin from './admin.js';
import * as auth from './auth.js';
import * as classDeploy from './class-deploy.js';
import * as isoLibrary from './iso-library.js';
import * as jobs from './jobs.js';
import * as scripts from './scripts.js';
import * as system from './system.js';
import * as templateCards from './template-cards.js';
import * as templates from './templates.js';
import * as vmBuilder from './vm-builder.js';
import * as vms from './vms.js';

export * from './admin.js';
export * from './auth.js';
export * from './class-deploy.js';
export * from './iso-library.js';
export * from './jobs.js';
export * from './scripts.js';
export * from './system.js';
export * from './template-cards.js';
export * from './templates.js';
export * from './vm-builder.js';
export * from './vms.js';

/** Every endpoint, for the API's route registration and OpenAPI, and for contract tests. */
export const endpoints = {
  health: system.health,
  listClusters: system.listClusters,
  login: auth.login,
  logout: auth.logout,
  getSession: auth.getSession,
  selectCluster: auth.selectCluster,
  changePassword: auth.changePassword,
  listTokens: auth.listTokens,
  createToken: auth.createToken,
  revokeToken: auth.revokeToken,
  listUsers: admin.listUsers,
  createUser: admin.createUser,
  updateUser: admin.updateUser,
  listAudit: admin.listAudit,
  listVmOwners: admin.listVmOwners,
  assignVmOwner: admin.assignVmOwner,
  releaseVmOwner: admin.releaseVmOwner,
  buildVm: vmBuilder.buildVm,
  buildBulk: vmBuilder.buildBulk,
  preflightBuild: vmBuilder.preflightBuild,
  listIsos: vmBuilder.listIsos,
  listStorages: vmBuilder.listStorages,
  listNodes: vmBuilder.listNodes,
  listBridges: vmBuilder.listBridges,
  listPools: vmBuilder.listPools,
  listOsTypes: vmBuilder.listOsTypes,
  listJobs: jobs.listJobs,
  getJob: jobs.getJob,
  jobEvents: jobs.jobEvents,
  cancelJob: jobs.cancelJob,
  listCatalogue: templates.listCatalogue,
  finaliseTemplate: templates.finaliseTemplate,
  listMyVms: vms.listMyVms,
  powerVm: vms.powerVm,
  ejectVmMedia: vms.ejectVmMedia,
  deleteVm: vms.deleteVm,
  openConsole: vms.openConsole,
  getIsoLibrary: isoLibrary.getIsoLibrary,
  downloadIso: isoLibrary.downloadIso,
  uploadIso: isoLibrary.uploadIso,
  removeIso: isoLibrary.removeIso,
  pinVirtio: isoLibrary.pinVirtio,
  unpinVirtio: isoLibrary.unpinVirtio,
  fetchVirtio: isoLibrary.fetchVirtio,
  listTemplateCards: templateCards.listTemplateCards,
  listShareableTeachers: templateCards.listShareableTeachers,
  getTemplateCard: templateCards.getTemplateCard,
  updateTemplateCard: templateCards.updateTemplateCard,
  retireTemplateCard: templateCards.retireTemplateCard,
  unretireTemplateCard: templateCards.unretireTemplateCard,
  listScripts: scripts.listScripts,
  createScript: scripts.createScript,
  getScript: scripts.getScript,
  updateScript: scripts.updateScript,
  deleteScript: scripts.deleteScript,
  runScript: scripts.runScript,
  deployClass: classDeploy.deployClass,
  deployOptions: classDeploy.deployOptions,
  classAction: classDeploy.classAction,
} as const;
export type EndpointName = keyof typeof endpoints;

/** The same endpoints as a list of the general descriptor type, for iteration. */
export const endpointList: ReadonlyArray<readonly [EndpointName, Endpoint]> = Object.entries(
  endpoints,
) as Array<[EndpointName, Endpoint]>;
