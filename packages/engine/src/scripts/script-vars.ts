import { DNS_NAME_PATTERN, type ScriptLanguage } from '@labforge/contracts';

/**
 * Per-VM variables reach the guest as DATA, never as script text. The script LabForge sends is
 *
 *   1. one preamble line assigning LABFORGE_NAME, LABFORGE_INDEX and LABFORGE_VMID (values
 *      validated first: a PVE dns-name and two integers, then quoted strictly for the language);
 *   2. the teacher's body, where each `{name}` / `{index}` / `{vmid}` became a REFERENCE to the
 *      variable (`"${LABFORGE_NAME}"` in shell, `${env:LABFORGE_NAME}` in PowerShell), written
 *      so that it still expands inside the quotes the placeholder stood in.
 *
 * A VM name therefore never becomes shell syntax, whatever it contains; and a name that is not a
 * PVE dns-name (which Proxmox itself would refuse) is refused before anything is sent.
 */
export interface ScriptVarValues {
  name: string;
  index: number;
  vmid: number;
}

const VARS = { name: 'LABFORGE_NAME', index: 'LABFORGE_INDEX', vmid: 'LABFORGE_VMID' } as const;
type Placeholder = keyof typeof VARS;
const PLACEHOLDER = /^\{(name|index|vmid)\}/;

/** Why the values cannot be handed to a script, or undefined when they can. */
export function invalidVars(v: ScriptVarValues): string | undefined {
  if (typeof v.name !== 'string' || v.name.length > 128 || !DNS_NAME_PATTERN.test(v.name))
    return `the VM name ${JSON.stringify(String(v.name).slice(0, 80))} is not a valid Proxmox VM name (letters, digits, hyphens and dots)`;
  if (!Number.isSafeInteger(v.index) || v.index < 0) return `index ${v.index} is not an integer`;
  if (!Number.isSafeInteger(v.vmid) || v.vmid < 1) return `vmid ${v.vmid} is not a VM id`;
  return undefined;
}

/** POSIX single quotes: nothing inside is special; a quote itself is closed, escaped, reopened. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell single quotes: nothing inside expands; a quote is doubled. */
export function powershellQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function values(v: ScriptVarValues): Record<Placeholder, string> {
  return { name: v.name, index: String(v.index), vmid: String(v.vmid) };
}

/** The input-data the guest's interpreter reads: preamble line, then the rewritten body. */
export function scriptInput(language: ScriptLanguage, body: string, v: ScriptVarValues): string {
  const vals = values(v);
  const keys = Object.keys(VARS) as Placeholder[];
  if (language === 'shell') {
    const assign = keys.map((k) => `${VARS[k]}=${shellQuote(vals[k])}`).join('; ');
    return `${assign}; export ${keys.map((k) => VARS[k]).join(' ')}\n${shellBody(body)}`;
  }
  const assign = keys.map((k) => `$env:${VARS[k]} = ${powershellQuote(vals[k])}`).join('; ');
  return `${assign}\n${powershellBody(body)}`;
}

/** `{name}` at `i` (not `${name}`, which is the script's own variable syntax)? */
function placeholderAt(text: string, i: number): Placeholder | undefined {
  if (text[i] !== '{' || text[i - 1] === '$') return undefined;
  return PLACEHOLDER.exec(text.slice(i, i + 8))?.[1] as Placeholder | undefined;
}

/**
 * Shell: a reference that expands wherever the placeholder stood. Unquoted `"${V}"`; inside
 * double quotes `${V}`; inside single quotes the quotes are closed around `"${V}"` and reopened.
 * Comments are copied as they are (an apostrophe there opens no quote).
 */
export function shellBody(body: string): string {
  let out = '';
  let state: 'none' | 'single' | 'double' = 'none';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    const ph = placeholderAt(body, i);
    if (ph) {
      const ref = `\${${VARS[ph]}}`;
      out += state === 'double' ? ref : state === 'single' ? `'"${ref}"'` : `"${ref}"`;
      i += ph.length + 1;
      continue;
    }
    if (state === 'single') {
      if (ch === "'") state = 'none';
      out += ch;
    } else if (state === 'double') {
      if (ch === '\\') {
        out += ch + (body[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === '"') state = 'none';
      out += ch;
    } else if (ch === '\\') {
      out += ch + (body[i + 1] ?? '');
      i++;
    } else if (ch === '#' && (i === 0 || /[\s;&|()]/.test(body[i - 1] as string))) {
      const end = body.indexOf('\n', i);
      const stop = end === -1 ? body.length : end;
      out += body.slice(i, stop);
      i = stop - 1;
    } else {
      if (ch === "'") state = 'single';
      else if (ch === '"') state = 'double';
      out += ch;
    }
  }
  return out;
}

/**
 * PowerShell: `${env:V}` (braced, so text right after it is not read as part of the name)
 * unquoted or inside double quotes; a single-quoted (literal) string holding a placeholder is
 * rewritten as the same text in double quotes, with `` ` ``, `$` and `"` escaped, so only the
 * reference expands. Comments (`#` and `<# #>`) are copied as they are.
 */
export function powershellBody(body: string): string {
  let out = '';
  let state: 'none' | 'double' = 'none';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    const ph = placeholderAt(body, i);
    if (ph) {
      out += `\${env:${VARS[ph]}}`;
      i += ph.length + 1;
      continue;
    }
    if (state === 'double') {
      if (ch === '`') {
        out += ch + (body[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === '"' && body[i + 1] === '"') {
        out += '""';
        i++;
        continue;
      }
      if (ch === '"') state = 'none';
      out += ch;
      continue;
    }
    if (ch === '`') {
      out += ch + (body[i + 1] ?? '');
      i++;
    } else if (ch === '<' && body[i + 1] === '#') {
      const end = body.indexOf('#>', i + 2);
      const stop = end === -1 ? body.length : end + 2;
      out += body.slice(i, stop);
      i = stop - 1;
    } else if (ch === '#') {
      const end = body.indexOf('\n', i);
      const stop = end === -1 ? body.length : end;
      out += body.slice(i, stop);
      i = stop - 1;
    } else if (ch === '"') {
      state = 'double';
      out += ch;
    } else if (ch === "'") {
      const { text, end } = singleQuoted(body, i);
      out += rewriteLiteral(text) ?? body.slice(i, end + 1);
      i = end;
    } else out += ch;
  }
  return out;
}

/** The content of the single-quoted string opening at `start` ('' is a quote) and its end. */
function singleQuoted(body: string, start: number): { text: string; end: number } {
  let text = '';
  for (let i = start + 1; i < body.length; i++) {
    if (body[i] === "'") {
      if (body[i + 1] === "'") {
        text += "'";
        i++;
        continue;
      }
      return { text, end: i };
    }
    text += body[i];
  }
  return { text, end: body.length - 1 };
}

/** A literal string with placeholders as a double-quoted one; undefined when it has none. */
function rewriteLiteral(text: string): string | undefined {
  let out = '';
  let found = false;
  for (let i = 0; i < text.length; i++) {
    const ph = placeholderAt(text, i);
    if (ph) {
      out += `\${env:${VARS[ph]}}`;
      found = true;
      i += ph.length + 1;
      continue;
    }
    const ch = text[i] as string;
    out += ch === '`' || ch === '$' || ch === '"' ? `\`${ch}` : ch;
  }
  return found ? `"${out}"` : undefined;
}
