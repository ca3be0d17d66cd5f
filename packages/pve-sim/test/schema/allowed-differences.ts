/**
 * Documented deviations of simulatorApi from apidata.json (PVE 9.1). Keys are the exact
 * difference lines the comparison produces; values say why (each is listed in DEVIATIONS.md).
 */
export const ALLOWED_DIFFERENCES: Record<string, string> = {};
