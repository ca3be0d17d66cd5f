import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { parse } from 'shell-quote';
import type { Simulator } from '../simulator.js';
import { type CommandResult, curl, wget } from './fetch-commands.js';
import { NodeFs } from './node-fs.js';

const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', code: 0 });
const fail = (stderr: string, code = 1): CommandResult => ({
  stdout: '',
  stderr: `${stderr}\n`,
  code,
});
const HASHES: Record<string, string> = {
  sha256sum: 'sha256',
  sha512sum: 'sha512',
  sha1sum: 'sha1',
  md5sum: 'md5',
};

function testCmd(fs: NodeFs, args: string[]): CommandResult {
  const [flag, path, extra] = args;
  if (!flag || !path || extra !== undefined)
    return fail('pve-sim: test supports -e/-f/-d/-s PATH', 2);
  const isDir = fs.isDir(path);
  const size = fs.size(path);
  const yes =
    flag === '-e'
      ? isDir || size !== undefined
      : flag === '-f'
        ? size !== undefined
        : flag === '-d'
          ? isDir
          : flag === '-s'
            ? (size ?? 0) > 0
            : undefined;
  if (yes === undefined) return fail(`pve-sim: test: unsupported flag ${flag}`, 2);
  return { stdout: '', stderr: '', code: yes ? 0 : 1 };
}

function statCmd(fs: NodeFs, args: string[]): CommandResult {
  let format: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-c' || a === '--format') format = args[++i];
    else if (a.startsWith('--format=') || a.startsWith('--printf='))
      format = a.slice(a.indexOf('=') + 1);
    else if (a === '-L') continue;
    else paths.push(a);
  }
  let out = '';
  for (const p of paths) {
    const size = fs.size(p);
    if (size === undefined && !fs.isDir(p))
      return fail(`stat: cannot statx '${p}': No such file or directory`);
    if (format === '%s') out += `${size ?? 4096}\n`;
    else if (format === undefined)
      out += `  File: ${p}\n  Size: ${size ?? 4096}\tBlocks: ${Math.ceil((size ?? 4096) / 512)}\tIO Block: 4096\t${size === undefined ? 'directory' : 'regular file'}\n`;
    else return fail(`pve-sim: stat supports only -c %s`, 2);
  }
  return ok(out);
}

function mktemp(fs: NodeFs, args: string[]): CommandResult {
  let dir = '/tmp';
  let template = 'tmp.XXXXXXXXXX';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-p') dir = args[++i] ?? dir;
    else if (a.startsWith('--tmpdir=')) dir = a.slice(9);
    else if (!a.startsWith('-')) template = a;
  }
  const base = template.includes('/') ? template : posix.join(dir, template);
  const path = base.replace(/X{3,}$/, (m) =>
    randomBytes(m.length).toString('hex').slice(0, m.length),
  );
  const err = fs.write(path, Buffer.alloc(0));
  return err
    ? fail(`mktemp: failed to create file via template '${base}': ${err}`)
    : ok(`${path}\n`);
}

async function runOne(fs: NodeFs, argv: string[], signal: AbortSignal): Promise<CommandResult> {
  const [cmd = '', ...args] = argv;
  if (cmd === 'test') return testCmd(fs, args);
  if (cmd === '[')
    return args.at(-1) === ']' ? testCmd(fs, args.slice(0, -1)) : fail("[: missing ']'", 2);
  if (cmd === 'stat') return statCmd(fs, args);
  if (cmd === 'true') return ok();
  if (cmd === 'false') return { stdout: '', stderr: '', code: 1 };
  if (cmd === 'echo') return ok(`${args.join(' ')}\n`);
  if (cmd === 'mkdir')
    return args.filter((a) => !a.startsWith('-')).every((p) => fs.isDir(p))
      ? ok()
      : fail('mkdir: cannot create directory: Permission denied');
  if (cmd === 'mktemp') return mktemp(fs, args);
  if (cmd === 'wget') return wget(fs, args, signal);
  if (cmd === 'curl') return curl(fs, args, signal);
  const algo = HASHES[cmd];
  if (algo) {
    let out = '';
    for (const p of args.filter((a) => !a.startsWith('-'))) {
      const hex = fs.digest(p, algo);
      if (hex === undefined) return fail(`${cmd}: ${p}: No such file or directory`);
      out += `${hex}  ${p}\n`;
    }
    return ok(out);
  }
  if (cmd === 'rm') {
    const force = args.some((a) => /^-[rf]*f[rf]*$/.test(a));
    for (const p of args.filter((a) => !a.startsWith('-')))
      if (!fs.remove(p) && !force)
        return fail(`rm: cannot remove '${p}': No such file or directory`);
    return ok();
  }
  if (cmd === 'mv') {
    const [src, dest] = args.filter((a) => !a.startsWith('-'));
    if (!src || !dest) return fail('mv: missing file operand');
    const data = fs.read(src);
    if (!data) return fail(`mv: cannot stat '${src}': No such file or directory`);
    const target = fs.isDir(dest) ? posix.join(dest, posix.basename(src)) : dest;
    const err = fs.write(target, data);
    if (err) return fail(`mv: cannot move '${src}' to '${target}': ${err}`);
    fs.remove(src);
    return ok();
  }
  return fail(`pve-sim: command not supported over SSH: ${cmd}`, 127);
}

/** Runs a command line of simple commands joined by &&, || and ; (nothing else is accepted). */
export async function runCommandLine(
  sim: Simulator,
  node: string,
  line: string,
  signal: AbortSignal,
): Promise<CommandResult> {
  const tokens = parse(line, (key) => `$${key}`);
  const steps: { op: string; argv: string[] }[] = [{ op: ';', argv: [] }];
  for (const t of tokens) {
    if (typeof t === 'string') steps.at(-1)?.argv.push(t);
    else if ('op' in t && (t.op === '&&' || t.op === '||' || t.op === ';'))
      steps.push({ op: t.op, argv: [] });
    else return fail(`pve-sim: unsupported shell syntax ${JSON.stringify(t)}`, 2);
  }
  const fs = new NodeFs(sim, node);
  const result: CommandResult = { stdout: '', stderr: '', code: 0 };
  for (const step of steps) {
    if (step.argv.length === 0) continue;
    if (step.op === '&&' && result.code !== 0) continue;
    if (step.op === '||' && result.code === 0) continue;
    const r = await runOne(fs, step.argv, signal);
    result.stdout += r.stdout;
    result.stderr += r.stderr;
    result.code = r.code;
  }
  return result;
}
