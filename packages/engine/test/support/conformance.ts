import { checkRequest, expectedSchemaPath, loadOfficialApi } from '@labforge/pve-sim/conformance';

export interface JournalEntry {
  seq: number;
  method: string;
  path: string;
  params: Record<string, unknown>;
  encoding: 'form' | 'json' | 'query';
  status: number;
}

type Api = NonNullable<ReturnType<typeof loadOfficialApi>>;
let api: Api | undefined | null = null;

/** The official PVE schema (../shared/pve-api/apidata.json or $PVE_API_SCHEMA), once. */
export function officialApi(): Api | undefined {
  if (api === null) {
    api = loadOfficialApi();
    if (!api) {
      console.warn(
        `engine conformance checks skipped: official PVE API schema not found at ${expectedSchemaPath()} (set PVE_API_SCHEMA)`,
      );
    }
  }
  return api;
}

/** Requests of a simulator journal that real PVE's schema would refuse. */
export function violations(entries: JournalEntry[]): string[] {
  const official = officialApi();
  if (!official) return [];
  const out: string[] = [];
  for (const e of entries) {
    const verdict = checkRequest(official, e);
    if (!verdict.ok) {
      out.push(
        `${e.method} ${e.path} ${JSON.stringify(e.params)}: ${verdict.reason} ${JSON.stringify(verdict.errors ?? {})}`,
      );
    }
  }
  return out;
}
