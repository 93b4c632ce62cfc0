import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DataDirInUseError, DataDirLock, type DataDirOwner } from './data-dir-lock.js';

describe('DataDirLock: one process owns an embedded data directory', () => {
  let root: string;
  let dir: string;
  let sleeper: ChildProcess;
  const locks: DataDirLock[] = [];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gridcase-lock-'));
    // A live process that is not this one, to stand for another owner.
    sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
    await new Promise((resolve) => sleeper.once('spawn', resolve));
  });
  afterEach(() => {
    for (const lock of locks.splice(0)) lock.release();
  });
  afterAll(() => {
    sleeper.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  let n = 0;
  const freshDir = () => (dir = join(root, `data-${++n}`));
  const acquire = (options = {}) => {
    const lock = DataDirLock.acquire(dir, options);
    locks.push(lock);
    return lock;
  };
  const ownerFile = (owner: Partial<DataDirOwner>) => {
    const stale: DataDirOwner = {
      pid: 999_999_999,
      hostname: hostname(),
      bootId: null,
      processStart: null,
      startedAt: '2026-01-01T00:00:00.000Z',
      command: 'main.js',
      token: 'someone-else',
      ...owner,
    };
    writeFileSync(`${dir}.lock`, JSON.stringify(stale));
  };
  const refusal = () => {
    try {
      acquire();
    } catch (error) {
      return error;
    }
    throw new Error('the lock was taken');
  };

  it('takes <dir>.lock, naming its owner, and removes it on release', () => {
    freshDir();
    const lock = acquire();
    const written = JSON.parse(readFileSync(`${dir}.lock`, 'utf8')) as DataDirOwner;
    expect(written).toMatchObject({ pid: process.pid, hostname: hostname(), token: lock.owner.token });
    lock.release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    // Free again.
    acquire();
  });

  it('refuses a second owner, also in the same process, with what to do', () => {
    freshDir();
    acquire();
    const error = refusal();
    expect(error).toBeInstanceOf(DataDirInUseError);
    expect((error as Error).message).toMatch(/opened twice/);
  });

  it('refuses while another live process on this machine holds it', () => {
    freshDir();
    ownerFile({ pid: sleeper.pid!, command: 'main.js', processStart: null });
    const error = refusal() as DataDirInUseError;
    expect(error).toBeInstanceOf(DataDirInUseError);
    expect(error.message).toContain(`pid ${sleeper.pid} on this machine, running main.js`);
    expect(error.message).toContain('stop that process');
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain(`delete ${dir}.lock`);
  });

  it('takes over a lock whose process is gone (a crash, SIGKILL)', () => {
    freshDir();
    ownerFile({ pid: 999_999_999 });
    const lock = acquire();
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).token).toBe(lock.owner.token);
  });

  it('takes over a lock naming this pid that this process does not hold (a restarted container)', () => {
    freshDir();
    ownerFile({ pid: process.pid });
    expect(acquire().owner.pid).toBe(process.pid);
  });

  it('takes over a lock whose pid now belongs to another process (start time differs)', () => {
    freshDir();
    ownerFile({ pid: sleeper.pid!, processStart: '1' });
    expect(acquire().owner.token).not.toBe('someone-else');
  });

  it('takes over a lock from before a reboot (boot id differs) where the kernel tells', () => {
    freshDir();
    ownerFile({ pid: sleeper.pid!, bootId: 'another-boot' });
    const bootKnown = existsSync('/proc/sys/kernel/random/boot_id');
    if (bootKnown) expect(acquire().owner.token).not.toBe('someone-else');
    else expect(refusal()).toBeInstanceOf(DataDirInUseError);
  });

  it('trusts a lock of another host while its owner keeps touching it, not after', () => {
    freshDir();
    ownerFile({ hostname: 'another-host', pid: 1 });
    expect(refusal()).toBeInstanceOf(DataDirInUseError);
    const old = new Date(Date.now() - 120_000);
    utimesSync(`${dir}.lock`, old, old);
    expect(acquire({ foreignStaleAfterMs: 60_000 }).owner.hostname).toBe(hostname());
  });

  it('release never removes a lock another process has taken since', () => {
    freshDir();
    const lock = acquire();
    ownerFile({ pid: sleeper.pid!, token: 'the-new-owner' });
    lock.release();
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).token).toBe('the-new-owner');
  });
});
