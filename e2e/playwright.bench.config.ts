import { labforgeConfig } from './playwright.config.js';

// `pnpm bench`: the figures (bundle size, form-to-ISOs time) against the same demo as the journeys.
export default labforgeConfig('./bench');
