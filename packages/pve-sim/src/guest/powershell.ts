import { BASE_DURATION_MS, type GuestEnv, type GuestRun } from './types.js';

/**
 * A deterministic stand-in for Windows PowerShell 5.1 (`powershell -Command -` reading the script
 * from input-data, or `-Command <script>`). One statement per line or `;`; cmdlet names are
 * case-insensitive. Supported: Write-Output/echo/Write-Host ARGS, Write-Error MSG (stderr, the run
 * ends with exit code 1 unless `exit` says otherwise), hostname, $env:COMPUTERNAME /
 * $env:USERNAME / $env:OS, `$env:NAME = VALUE` (sets it for the rest of the script), Start-Sleep
 * [-Seconds] N / sleep N, exit N, # comments. Arguments are bare words, 'single' or "double"
 * quoted strings ($env:NAME and ${env:NAME} expanded in double quotes and bare words, backtick
 * escapes there). Anything else fails like PowerShell's CommandNotFoundException (exit 1).
 */
function tokenize(stmt: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  const re = /'((?:[^']|'')*)'|"((?:[^"`]|`.)*)"|(\S+)/g;
  for (const m of stmt.matchAll(re)) {
    if (m[1] !== undefined) words.push(m[1].replace(/''/g, "'"));
    else words.push(expand(m[2] ?? m[3] ?? '', env));
  }
  return words;
}

/**
 * Expandable text (a double-quoted string or a bare word) in one pass: `` `c `` is the character
 * c itself (so `` `$ `` is a dollar sign), `$env:NAME` and `${env:NAME}` are the variable.
 */
function expand(text: string, env: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '`') {
      out += text[i + 1] ?? '';
      i++;
      continue;
    }
    const v =
      ch === '$' ? /^\$(?:\{env:([A-Za-z_]\w*)\}|env:([A-Za-z_]\w*))/i.exec(text.slice(i)) : null;
    if (v) {
      out += env[(v[1] ?? v[2] ?? '').toUpperCase()] ?? '';
      i += v[0].length - 1;
    } else out += ch;
  }
  return out;
}

function splitStatements(script: string): string[] {
  const out: string[] = [];
  for (const raw of script.split(/\r?\n/)) {
    let cur = '';
    let quote: string | undefined;
    for (const ch of raw) {
      if (quote) {
        if (ch === quote) quote = undefined;
        cur += ch;
      } else if (ch === "'" || ch === '"') {
        quote = ch;
        cur += ch;
      } else if (ch === '#') break;
      else if (ch === ';') {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
  }
  return out.map((s) => s.trim()).filter(Boolean);
}

const notRecognized = (name: string): string =>
  `${name} : The term '${name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\n`;

export function runPowerShell(env: GuestEnv, args: string[], input: string): GuestRun {
  let script: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = (args[i] ?? '').toLowerCase();
    if (a === '-command' || a === '-c') {
      const rest = args.slice(i + 1);
      script = rest.length === 1 && rest[0] === '-' ? input : rest.join(' ');
      break;
    }
    if (
      a === '-executionpolicy' ||
      a === '-windowstyle' ||
      a === '-inputformat' ||
      a === '-outputformat'
    )
      i++;
  }
  const vars: Record<string, string> = {
    COMPUTERNAME: env.hostname.toUpperCase().slice(0, 15),
    USERNAME: 'SYSTEM',
    OS: 'Windows_NT',
  };
  const run: GuestRun = { stdout: '', stderr: '', exitcode: 0, durationMs: BASE_DURATION_MS };
  let failed = false;
  for (const stmt of splitStatements(script ?? input)) {
    const assign = /^\$env:([A-Za-z_]\w*)\s*=\s*(.*)$/i.exec(stmt);
    if (assign) {
      vars[(assign[1] ?? '').toUpperCase()] = tokenize(assign[2] ?? '', vars).join(' ');
      continue;
    }
    const [cmd = '', ...rest] = tokenize(stmt, vars);
    const name = cmd.toLowerCase();
    if (name === 'write-output' || name === 'echo' || name === 'write-host') {
      run.stdout += `${rest.join(' ')}\r\n`;
      failed = false;
    } else if (name === 'write-error') {
      run.stderr += `${rest.filter((w) => w.toLowerCase() !== '-message').join(' ')}\r\n`;
      failed = true;
    } else if (name === 'hostname') {
      run.stdout += `${env.hostname}\r\n`;
      failed = false;
    } else if (name === 'start-sleep' || name === 'sleep') {
      const n = Number(rest.find((w) => !w.startsWith('-')) ?? '0');
      run.durationMs += (Number.isFinite(n) ? n : 0) * 1000;
      failed = false;
    } else if (name === 'exit') {
      const code = Number(rest[0] ?? '0');
      run.exitcode = Number.isInteger(code) ? code : 0;
      return run;
    } else if (/^\$(?:env:|\{env:)/i.test(stmt) && rest.length === 0) {
      run.stdout += `${cmd}\r\n`;
      failed = false;
    } else {
      run.stderr += notRecognized(cmd);
      failed = true;
    }
  }
  run.exitcode = failed ? 1 : 0;
  return run;
}
