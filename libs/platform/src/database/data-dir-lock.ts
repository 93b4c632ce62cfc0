import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The process start-up can refuse to go on for a reason the operator must act on (another process
 * holds the data directory, the store is damaged): entry points print the message alone, no stack.
 */
export class StartupRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupRefusedError';
  }
}

/** Who holds an embedded data directory, as written in its lock file. */
export interface DataDirOwner {
  readonly pid: number;
  readonly hostname: string;
  /** Linux: the kernel's boot id, so a lock from before a reboot is known to be stale. */
  readonly bootId: string | null;
  /** Linux: the owner's start time in clock ticks since boot (/proc/<pid>/stat), so a reused pid is not taken for the owner. */
  readonly processStart: string | null;
  readonly startedAt: string;
  /** What the owner runs (its script), for the refusal message. */
  readonly command: string;
  readonly token: string;
}

export interface DataDirLockOptions {
  /** How often the owner touches its lock file (default 5 s). */
  readonly heartbeatMs?: number;
  /** A lock of another host not touched for this long is stale (default 60 s). */
  readonly foreignStaleAfterMs?: number;
}

/** Lock files this process holds: a second open of the same directory in-process is refused too. */
const heldHere = new Map<string, DataDirLock>();
// A process that exits without closing its database (process.exit after an error) still leaves no lock.
process.once('exit', () => {
  for (const lock of [...heldHere.values()]) lock.release();
});

/**
 * One process owns an embedded (PGlite) data directory: PGlite is a single PostgreSQL backend
 * without a postmaster, so two processes opening one directory each cache and write its pages
 * and its WAL on their own, and the files end up torn (issue #19: rows the indexes no longer
 * reach). The owner holds `<dir>.lock` (beside the directory, like `<dir>.pii-master-key`):
 * created with an atomic link, so exactly one of two racing processes gets it.
 *
 * A lock left by a process that died (SIGKILL, power loss) is stale and taken over: on the same
 * machine when its pid is gone, belongs to another process now (start time differs) or dates
 * from before the last reboot; from another host (a shared volume) when its owner stopped
 * touching it (heartbeat). Anything else refuses, with what to do (docs/adr/0025).
 */
export class DataDirLock {
  private heartbeat: NodeJS.Timeout | undefined;
  private released = false;

  private constructor(
    readonly lockPath: string,
    readonly owner: DataDirOwner,
    heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => this.touch(), heartbeatMs);
    this.heartbeat.unref();
  }

  static acquire(dataDir: string, options: DataDirLockOptions = {}): DataDirLock {
    const lockPath = `${resolve(dataDir)}.lock`;
    const held = heldHere.get(lockPath);
    if (held) throw new DataDirInUseError(resolve(dataDir), lockPath, held.owner);
    const owner = currentProcess();
    for (let attempt = 0; attempt < 5; attempt++) {
      if (tryCreate(lockPath, owner)) {
        const lock = new DataDirLock(lockPath, owner, options.heartbeatMs ?? 5_000);
        heldHere.set(lockPath, lock);
        return lock;
      }
      const found = readOwner(lockPath);
      if (found === 'gone') continue;
      if (found !== 'unreadable' && !isStale(found, lockPath, options.foreignStaleAfterMs ?? 60_000))
        throw new DataDirInUseError(resolve(dataDir), lockPath, found);
      takeOver(lockPath, found === 'unreadable' ? undefined : found.token);
    }
    throw new StartupRefusedError(
      `could not take the lock ${lockPath}: other processes keep taking it; stop them and try again`,
    );
  }

  /** Gives the directory up (idempotent); only removes the lock file while it is still ours. */
  release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    heldHere.delete(this.lockPath);
    const found = readOwner(this.lockPath);
    if (typeof found === 'object' && found.token === this.owner.token) {
      try {
        unlinkSync(this.lockPath);
      } catch {
        // already gone
      }
    }
  }

  private touch(): void {
    try {
      const now = new Date();
      utimesSync(this.lockPath, now, now);
    } catch {
      // The file was removed under us; the next opener will find no lock. Nothing to do here.
    }
  }
}

export class DataDirInUseError extends StartupRefusedError {
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    readonly owner: DataDirOwner,
  ) {
    const sameProcess = owner.pid === process.pid && owner.hostname === hostname();
    super(
      [
        `the embedded database in ${dataDir} is in use by ${
          sameProcess
            ? 'this very process (it is opened twice)'
            : `another gridcase process (pid ${owner.pid}${owner.hostname === hostname() ? ' on this machine' : ` on host ${owner.hostname}`}, running ${owner.command} since ${owner.startedAt})`
        }.`,
        'One process at a time may own an embedded data directory: two would corrupt it. Either',
        '  - stop that process (Ctrl+C in its terminal, or kill ' +
          owner.pid +
          ') and run this command again, or',
        '  - while it runs, do the work through its HTTP API (see its /docs), or',
        '  - run on a PostgreSQL server (DATABASE_URL), which any number of processes may share.',
        `If you are certain no gridcase process uses ${dataDir}, delete ${lockPath}.`,
      ].join('\n'),
    );
    this.name = 'DataDirInUseError';
  }
}

function currentProcess(): DataDirOwner {
  return {
    pid: process.pid,
    hostname: hostname(),
    bootId: bootId(),
    processStart: processStart(process.pid),
    startedAt: new Date().toISOString(),
    command: [basename(process.argv[1] ?? 'node'), ...process.argv.slice(2)].join(' ').slice(0, 200),
    token: randomUUID(),
  };
}

/** Writes the owner to a private file, then links it into place: the lock appears whole or not at all. */
function tryCreate(lockPath: string, owner: DataDirOwner): boolean {
  const draft = join(dirname(lockPath), `.${basename(lockPath)}.${owner.token}`);
  writeFileSync(draft, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  try {
    linkSync(draft, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

function readOwner(lockPath: string): DataDirOwner | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const owner = JSON.parse(text) as DataDirOwner;
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** True when the lock's owner is certainly gone (see DataDirLock). */
export function isStale(owner: DataDirOwner, lockPath: string, foreignStaleAfterMs: number): boolean {
  if (owner.hostname !== hostname()) {
    const touchedAgo = Date.now() - statSync(lockPath).mtimeMs;
    return touchedAgo > foreignStaleAfterMs;
  }
  const boot = bootId();
  if (owner.bootId && boot && owner.bootId !== boot) return true;
  // Not held in this process (checked first), so a lock naming our own pid was left by an earlier
  // process that had it (a restarted container's PID 1).
  if (owner.pid === process.pid) return true;
  if (!processAlive(owner.pid)) return true;
  const start = processStart(owner.pid);
  return owner.processStart !== null && start !== null && start !== owner.processStart;
}

/**
 * Moves a stale lock aside. Only one of several processes judging it stale at once can rename it;
 * if the file it moved is not the one it judged (a live owner took over in between), it is put back.
 */
function takeOver(lockPath: string, staleToken: string | undefined): void {
  const aside = `${lockPath}.stale-${randomUUID()}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readOwner(aside);
  const judged = typeof moved === 'object' ? moved.token : undefined;
  if (judged !== staleToken) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // Someone else holds the lock now; the next attempt reads it.
    }
  }
  unlinkSync(aside);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command, which may contain spaces). */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
