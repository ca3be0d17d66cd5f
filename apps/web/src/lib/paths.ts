/** The SPA's addresses, in one place so features can link without knowing the router. */
export const paths = {
  home: '/',
  login: '/login',
  templateBuilder: '/template-builder',
  isoLibrary: '/iso-library',
  scripts: '/scripts',
  job: (id: string) => `/jobs/${encodeURIComponent(id)}`,
  myVms: '/vms',
  vmConsole: (clusterId: string, vmid: number) =>
    `/vms/${encodeURIComponent(clusterId)}/${vmid}/console`,
  templates: '/templates',
  /** Deploying a class from a template (the Templates page and My VMs link here). */
  classDeploy: (clusterId: string, vmid: number) =>
    `/templates/${encodeURIComponent(clusterId)}/${vmid}/deploy`,
  apiDocs: '/docs',
} as const;
