import { Navigate, type RouteObject } from 'react-router';
import { paths } from '../lib/paths.js';
import { lazyPages } from './lazy-pages.js';
import { LoginRoute } from './routes/login-route.js';
import { NotFoundRoute } from './routes/not-found-route.js';
import { PageLoadError } from './routes/page-load-error.js';
import { RootLayout } from './routes/root-layout.js';
import { TemplateBuilderRoute } from './routes/template-builder-route.js';

const {
  templates: Templates,
  myVms: MyVms,
  isoLibrary: IsoLibrary,
  scripts: Scripts,
  job: Job,
  classDeploy: ClassDeploy,
  vmConsole: VmConsole,
} = lazyPages;

/**
 * The one place features are put together into pages. Sign-in and the builder are in the first
 * load; the other pages are code-split (`lazy-pages.tsx`), shown inside RootLayout's Suspense.
 */
export const routes: RouteObject[] = [
  { path: paths.login, element: <LoginRoute /> },
  {
    element: <RootLayout />,
    children: [
      {
        errorElement: <PageLoadError />,
        children: [
          { index: true, element: <Navigate to={paths.templateBuilder} replace /> },
          { path: paths.templateBuilder, element: <TemplateBuilderRoute /> },
          { path: paths.isoLibrary, element: <IsoLibrary.Component /> },
          { path: paths.templates, element: <Templates.Component /> },
          { path: paths.scripts, element: <Scripts.Component /> },
          { path: '/jobs/:id', element: <Job.Component /> },
          { path: paths.myVms, element: <MyVms.Component /> },
          { path: '/templates/:clusterId/:vmid/deploy', element: <ClassDeploy.Component /> },
          { path: '/vms/:cluster/:vmid/console', element: <VmConsole.Component /> },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
];
