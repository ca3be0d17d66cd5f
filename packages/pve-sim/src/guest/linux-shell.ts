import { parse } from 'shell-quote';
import { BASE_DURATION_MS, type GuestEnv, type GuestRun } from './types.js';

/**
 * A deterministic stand-in for /bin/sh (dash) and bash in a Linux guest: one simple command per
 * `;`, `&&` or `||` step, one statement list per line. Builtins: echo [-n], printf (%s %d \n \t),
 * hostname, uname [-snrma], whoami, id -u, true, false, :, cat (stdin, /etc/hostname,
 * /etc/os-release), sleep N, exit [N], set -e/+e (other set flags ignored), export/assignments
 * (NAME=value; visible from the next line on) and $NAME expansion. Redirections: >&2, 1>&2, 2>&1,
 * >/dev/null, 2>/dev/null. Anything else (pipes, loops, functions, other programs) is refused the way
 * the shell refuses an unknown command (exit 127) or an unsupported construct (exit 2).
 */
export type ShellFlavour = 'sh' | 'bash';

interface Step {
  op: ';' | '&&' | '||';
  argv: string[];
  /** stdout -> stderr, stderr -> stdout, drop stdout, drop stderr. */
  redirect: { outToErr: boolean; errToOut: boolean; dropOut: boolean; dropErr: boolean };
}

const MARK = '\u0000';
const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
  '{',
  '}',
]);

class Shell {
  out = '';
  err = '';
  durationMs = BASE_DURATION_MS;
  errexit = false;
  readonly vars: Record<string, string>;

  constructor(
    private readonly flavour: ShellFlavour,
    private readonly env: GuestEnv,
    private stdin: string,
  ) {
    this.vars = {
      HOME: '/root',
      USER: 'root',
      HOSTNAME: env.hostname,
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    };
  }

  private notFound(line: number, cmd: string): number {
    this.err +=
      this.flavour === 'bash'
        ? `bash: line ${line}: ${cmd}: command not found\n`
        : `sh: ${line}: ${cmd}: not found\n`;
    return 127;
  }

  private unsupported(line: number, what: string): number {
    this.err += `${this.flavour}: ${line}: pve-sim guest: unsupported shell syntax: ${what}\n`;
    return 2;
  }

  private expand(word: string): string {
    return word.replace(new RegExp(`${MARK}([^${MARK}]*)${MARK}`, 'g'), (_m, name: string) =>
      name === '?' ? '0' : (this.vars[name] ?? ''),
    );
  }

  /** Runs one program with its arguments as given (no parsing, no expansion). */
  run(argv: string[]): number {
    return this.command(argv, 1).code;
  }

  /** Runs the script; returns the exit code. */
  script(text: string): number {
    let status = 0;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const parsed = this.parseLine(lines[i] ?? '', i + 1);
      if (typeof parsed === 'number') return parsed;
      for (const step of parsed) {
        if (step.op === '&&' && status !== 0) continue;
        if (step.op === '||' && status === 0) continue;
        const r = this.step(step, i + 1);
        if (r.exit) return r.code;
        status = r.code;
        const chained = parsed[parsed.indexOf(step) + 1]?.op;
        if (
          this.errexit &&
          status !== 0 &&
          chained !== '&&' &&
          chained !== '||' &&
          step.op !== '||' &&
          step.op !== '&&'
        )
          return status;
      }
    }
    return status;
  }

  private parseLine(line: string, n: number): Step[] | number {
    const tokens = parse(line, (key) => `${MARK}${key}${MARK}`);
    const steps: Step[] = [];
    const fresh = (op: Step['op']): Step => ({
      op,
      argv: [],
      redirect: { outToErr: false, errToOut: false, dropOut: false, dropErr: false },
    });
    let cur = fresh(';');
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (typeof t === 'string') {
        cur.argv.push(t);
        continue;
      }
      if (t === undefined || 'comment' in t) break;
      if (!('op' in t)) return this.unsupported(n, 'glob');
      if (t.op === ';' || t.op === '&&' || t.op === '||') {
        steps.push(cur);
        cur = fresh(t.op);
        continue;
      }
      const target = tokens[i + 1];
      const fdWord = cur.argv.at(-1);
      const fd = fdWord === '1' || fdWord === '2' ? fdWord : undefined;
      if (t.op === '>&' && typeof target === 'string') {
        if (fd) cur.argv.pop();
        if ((fd ?? '1') === '1' && target === '2') cur.redirect.outToErr = true;
        else if (fd === '2' && target === '1') cur.redirect.errToOut = true;
        else return this.unsupported(n, `${fd ?? ''}>&${target}`);
        i++;
      } else if ((t.op === '>' || t.op === '>>') && target === '/dev/null') {
        if (fd) cur.argv.pop();
        if (fd === '2') cur.redirect.dropErr = true;
        else cur.redirect.dropOut = true;
        i++;
      } else return this.unsupported(n, t.op);
    }
    steps.push(cur);
    return steps.filter((s) => s.argv.length > 0);
  }

  private step(step: Step, n: number): { code: number; exit?: boolean } {
    const outBefore = this.out.length;
    const errBefore = this.err.length;
    const r = this.command(
      step.argv.map((w) => this.expand(w)),
      n,
    );
    const out = this.out.slice(outBefore);
    const err = this.err.slice(errBefore);
    this.out = this.out.slice(0, outBefore);
    this.err = this.err.slice(0, errBefore);
    const { outToErr, errToOut, dropOut, dropErr } = step.redirect;
    const toOut = (dropOut || outToErr ? '' : out) + (errToOut && !dropErr ? err : '');
    const toErr = (outToErr && !dropOut ? out : '') + (dropErr || errToOut ? '' : err);
    this.out += toOut;
    this.err += toErr;
    return r;
  }

  private command(argv: string[], n: number): { code: number; exit?: boolean } {
    const [cmd = '', ...args] = argv;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd) && args.length === 0) {
      const i = cmd.indexOf('=');
      this.vars[cmd.slice(0, i)] = cmd.slice(i + 1);
      return { code: 0 };
    }
    if (KEYWORDS.has(cmd)) return { code: this.unsupported(n, cmd) };
    const code = this.builtin(cmd, args, n);
    return cmd === 'exit' ? { code, exit: true } : { code };
  }

  private builtin(cmd: string, args: string[], n: number): number {
    switch (cmd) {
      case 'echo': {
        const noNewline = args[0] === '-n';
        this.out += `${(noNewline ? args.slice(1) : args).join(' ')}${noNewline ? '' : '\n'}`;
        return 0;
      }
      case 'printf':
        this.out += printf(args[0] ?? '', args.slice(1));
        return 0;
      case 'hostname':
        this.out += `${this.env.hostname}\n`;
        return 0;
      case 'whoami':
        this.out += 'root\n';
        return 0;
      case 'id':
        this.out += args[0] === '-u' ? '0\n' : 'uid=0(root) gid=0(root) groups=0(root)\n';
        return 0;
      case 'uname':
        this.out += `${uname(this.env, args[0] ?? '-s')}\n`;
        return 0;
      case 'true':
      case ':':
        return 0;
      case 'false':
        return 1;
      case 'sleep': {
        const secs = Number(args[0]);
        if (!Number.isFinite(secs) || secs < 0) {
          this.err += `sleep: invalid time interval '${args[0] ?? ''}'\n`;
          return 1;
        }
        this.durationMs += secs * 1000;
        return 0;
      }
      case 'exit': {
        const code = args[0] === undefined ? 0 : Number(args[0]);
        return Number.isInteger(code) ? ((code % 256) + 256) % 256 : 2;
      }
      case 'set':
        for (const a of args) {
          if (/^-[a-z]*e/.test(a)) this.errexit = true;
          if (/^\+[a-z]*e/.test(a)) this.errexit = false;
        }
        return 0;
      case 'export':
        for (const a of args) {
          const i = a.indexOf('=');
          if (i > 0) this.vars[a.slice(0, i)] = a.slice(i + 1);
        }
        return 0;
      case 'cat':
        return this.cat(args);
      default:
        return this.notFound(n, cmd);
    }
  }

  private cat(args: string[]): number {
    if (args.length === 0 || args[0] === '-') {
      this.out += this.stdin;
      this.stdin = '';
      return 0;
    }
    let code = 0;
    for (const file of args) {
      if (file === '/etc/hostname') this.out += `${this.env.hostname}\n`;
      else if (file === '/etc/os-release') this.out += osRelease(this.env);
      else {
        this.err += `cat: ${file}: No such file or directory\n`;
        code = 1;
      }
    }
    return code;
  }
}

function printf(format: string, args: string[]): string {
  let i = 0;
  return format
    .replace(/%([sd%])/g, (_m, c: string) => {
      if (c === '%') return '%';
      const v = args[i++] ?? '';
      return c === 'd' ? String(Number.parseInt(v, 10) || 0) : v;
    })
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}

function uname(env: GuestEnv, flag: string): string {
  const parts: Record<string, string> = {
    s: 'Linux',
    n: env.hostname,
    r: env.osRelease['kernel-release'] ?? '',
    m: env.osRelease.machine ?? 'x86_64',
  };
  if (flag === '-a')
    return `Linux ${env.hostname} ${parts.r} ${env.osRelease['kernel-version'] ?? ''} x86_64 GNU/Linux`;
  return flag
    .replace(/^-/, '')
    .split('')
    .map((c) => parts[c] ?? '')
    .join(' ');
}

function osRelease(env: GuestEnv): string {
  const o = env.osRelease;
  return `PRETTY_NAME="${o['pretty-name'] ?? ''}"\nNAME="${o.name ?? ''}"\nVERSION_ID="${o['version-id'] ?? ''}"\nVERSION="${o.version ?? ''}"\nID=${o.id ?? ''}\n`;
}

/** `sh -c SCRIPT` (stdin = input-data) or `sh -s` / `sh` (the script is the input-data). */
export function runShell(
  flavour: ShellFlavour,
  env: GuestEnv,
  args: string[],
  input: string,
): GuestRun {
  let script: string | undefined;
  let errexit = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-c') {
      script = args[i + 1] ?? '';
      break;
    }
    if (a === '-s' || a === '--') break;
    if (a === '-o' || a === '+o') {
      i++;
      continue;
    }
    if (/^[-+][eux]+$/.test(a)) {
      if (a.startsWith('-') && a.includes('e')) errexit = true;
      continue;
    }
    if (/^-[a-z]*c[a-z]*$/.test(a)) {
      if (a.includes('e')) errexit = true;
      script = args[i + 1] ?? '';
      break;
    }
    const bad = a.startsWith('-') ? a.slice(1, 2) : a;
    return {
      stdout: '',
      stderr: a.startsWith('-')
        ? `${flavour}: 0: Illegal option -${bad}\n`
        : `${flavour}: 0: cannot open ${a}: No such file\n`,
      exitcode: 2,
      durationMs: BASE_DURATION_MS,
    };
  }
  const fromStdin = script === undefined;
  const shell = new Shell(flavour, env, fromStdin ? '' : input);
  shell.errexit = errexit;
  const exitcode = shell.script(fromStdin ? input : (script ?? ''));
  return { stdout: shell.out, stderr: shell.err, exitcode, durationMs: shell.durationMs };
}

/** A program run directly by guest-exec (no shell): the same builtins, arguments as given. */
export function runProgram(env: GuestEnv, argv: string[], input: string): GuestRun | undefined {
  const name = (argv[0] ?? '').replace(/^\/(usr\/)?s?bin\//, '');
  const direct = new Set([
    'echo',
    'printf',
    'hostname',
    'uname',
    'whoami',
    'id',
    'true',
    'false',
    'cat',
    'sleep',
  ]);
  if (!direct.has(name)) return undefined;
  const shell = new Shell('sh', env, input);
  const exitcode = shell.run([name, ...argv.slice(1)]);
  return { stdout: shell.out, stderr: shell.err, exitcode, durationMs: shell.durationMs };
}
