import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';

describe('CLI arguments', () => {
  it('reads flags, ignores a pnpm "--" separator, and falls back to the environment', () => {
    expect(
      parseCliArgs(['--', '--port', '0', '--https', '--seed=x.json', '--task-speed', '50'], {}),
    ).toMatchObject({
      port: 0,
      https: true,
      seed: 'x.json',
      taskSpeed: 50,
    });
    expect(parseCliArgs([], { PVE_SIM_PORT: '9000', PVE_SIM_SSH_PORT: '2222' })).toMatchObject({
      port: 9000,
      sshPort: 2222,
      seed: 'classroom',
      https: false,
    });
  });

  it('reads the worker pool size and the proxy hop', () => {
    expect(parseCliArgs(['--workers', '3', '--proxy-hop-ms=25'], {})).toMatchObject({
      workers: 3,
      proxyHopMs: 25,
    });
    expect(parseCliArgs([], { PVE_SIM_WORKERS: '3' })).toMatchObject({ workers: 3 });
    expect(parseCliArgs([], {}).workers).toBeUndefined();
    expect(() => parseCliArgs(['--workers', '1.5'], {})).toThrow(
      '--workers must be a whole number',
    );
  });

  it('refuses unknown options and bad numbers', () => {
    expect(() => parseCliArgs(['--nope'], {})).toThrow('unknown option --nope');
    expect(() => parseCliArgs(['--port', 'abc'], {})).toThrow(
      '--port must be a non-negative number',
    );
    expect(() => parseCliArgs(['--task-speed', '0'], {})).toThrow();
  });
});
