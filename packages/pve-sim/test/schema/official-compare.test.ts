import { describe, expect, it } from 'vitest';
import {
  expectedSchemaPath,
  loadOfficialApi,
  officialSchemaPath,
} from '../../src/conformance/index.js';
import {
  propertyStringFormat,
  registeredFormatNames,
  simulatorApi,
} from '../../src/schema/index.js';
import { getFormat } from '../../src/schema/formats/registry.js';
import { compareDefinition, namedFormats } from './compare-helpers.js';
import { ALLOWED_DIFFERENCES } from './allowed-differences.js';

const schemaPath = officialSchemaPath();
if (!schemaPath) {
  console.warn(
    `[pve-sim] official API schema not found at ${expectedSchemaPath()}: schema comparison tests skipped`,
  );
}

describe.skipIf(!schemaPath)('simulatorApi agrees with the official PVE 9.1 schema', () => {
  const official = loadOfficialApi(schemaPath) ?? [];
  const find = (method: string, path: string) =>
    official.find((d) => d.method === method && d.path === path);

  it('covers only endpoints that exist in PVE', () => {
    const missing = simulatorApi
      .filter((d) => !find(d.method, d.path))
      .map((d) => `${d.method} ${d.path}`);
    expect(missing).toEqual([]);
  });

  it('has the same parameters, types, optionality, enums, ranges and formats', () => {
    const diffs: string[] = [];
    for (const ours of simulatorApi) {
      const theirs = find(ours.method, ours.path);
      if (theirs) compareDefinition(ours, theirs, diffs);
    }
    const unexpected = diffs.filter((d) => !(d in ALLOWED_DIFFERENCES));
    expect(unexpected).toEqual([]);
    const stale = Object.keys(ALLOWED_DIFFERENCES).filter((d) => !diffs.includes(d));
    expect(stale).toEqual([]);
  });

  it('knows every named format the official schema uses for these endpoints', () => {
    const known = new Set(registeredFormatNames());
    const used = new Set<string>();
    for (const ours of simulatorApi) {
      const theirs = find(ours.method, ours.path);
      if (theirs) namedFormats(theirs.parameters.properties, used);
    }
    expect([...used].filter((f) => !known.has(f)).sort()).toEqual([]);
  });

  it('named property-string formats have the keys PVE 9.1 documents in typetext', () => {
    const diffs: string[] = [];
    for (const ours of simulatorApi) {
      const theirs = find(ours.method, ours.path);
      for (const p of Object.values(theirs?.parameters.properties ?? {})) {
        // typetext lists the keys unless overridden (cdrom's '<volume>').
        if (
          typeof p.format !== 'string' ||
          typeof p.typetext !== 'string' ||
          !p.typetext.includes('=')
        )
          continue;
        if (getFormat(p.format)?.kind !== 'hash') continue;
        const documented = new Set(
          [...p.typetext.matchAll(/\[?,?\[?([\w-]+)=\]?/g)].map((m) => m[1]),
        );
        const fmt = propertyStringFormat(p.format);
        const keys = Object.keys(fmt).filter((k) => fmt[k]?.alias === undefined);
        for (const k of keys)
          if (!documented.has(k)) diffs.push(`${p.format}.${k}: not in PVE 9.1`);
        for (const k of documented)
          if (k && !keys.includes(k)) diffs.push(`${p.format}.${k}: missing`);
      }
    }
    expect([...new Set(diffs)]).toEqual([]);
  });
});
