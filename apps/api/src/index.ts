/** What other workspace packages (e2e) may use: the app factory, the server start and the demo. */
export { buildApp, type BuildAppOptions, type BuiltApp } from './app.js';
export { loadConfig, parseConfig, ConfigError } from './config/load.js';
export type { AppConfig, AppConfigInput } from './config/schema.js';
export { startApi, type RunningApi } from './start.js';
export { startDemo, type DemoOptions, type DemoLogin, type RunningDemo } from './demo/index.js';
