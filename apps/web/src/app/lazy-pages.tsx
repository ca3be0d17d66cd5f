import { lazy, type ComponentType } from 'react';

/** A page loaded on first use: `Component` for the route, `preload` to fetch its code early. */
export interface LazyPage {
  Component: ComponentType;
  preload: () => Promise<unknown>;
}

/**
 * One chunk per page. `preload` (a nav link hovered or focused) and the first render share one
 * download; a failed download is forgotten, so the next hover or visit tries again.
 */
export function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): LazyPage {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (module) => ({ default: pick(module) }),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  return { Component: lazy(preload), preload };
}

// The builder (`/template-builder`, the Build from Scratch dialog), sign-in and the page frame
// are in the first load; every other page is fetched when it is first opened.
export const lazyPages = {
  templates: lazyPage(
    () => import('./routes/templates-route.js'),
    (m) => m.TemplatesRoute,
  ),
  myVms: lazyPage(
    () => import('./routes/my-vms-route.js'),
    (m) => m.MyVmsRoute,
  ),
  isoLibrary: lazyPage(
    () => import('./routes/iso-library-route.js'),
    (m) => m.IsoLibraryRoute,
  ),
  scripts: lazyPage(
    () => import('./routes/scripts-route.js'),
    (m) => m.ScriptsRoute,
  ),
  job: lazyPage(
    () => import('./routes/job-route.js'),
    (m) => m.JobRoute,
  ),
  classDeploy: lazyPage(
    () => import('./routes/class-deploy-route.js'),
    (m) => m.ClassDeployRoute,
  ),
  vmConsole: lazyPage(
    () => import('./routes/vm-console-route.js'),
    (m) => m.VmConsoleRoute,
  ),
} satisfies Record<string, LazyPage>;
