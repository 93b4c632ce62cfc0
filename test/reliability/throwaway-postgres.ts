import { execFile, execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './reliability-support.js';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the suite's own (initdb into a temporary directory, a free port on
 * 127.0.0.1, trust auth), so the restart scenario can crash and restart a real server without
 * touching the shared one on 5432. Started as the `postgres` OS user when the test runs as root
 * (initdb and postgres refuse root). Always destroy it (afterAll; an exit hook is the safety net).
 */
export interface ThrowawayPostgres {
  readonly port: number;
  readonly baseDir: string;
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  urlFor(database: string): string;
  /** `pg_ctl start -w`. */
  start(): Promise<void>;
  /** `pg_ctl stop -m immediate` (a crash: no checkpoint, WAL replay at the next start) or `-m fast`. */
  stop(mode: 'immediate' | 'fast'): Promise<void>;
  /** `pg_ctl restart -m fast -w`. */
  restart(): Promise<void>;
  /** The server log so far (the last characters). */
  log(chars?: number): string;
  /** Stops the server (immediate) and removes the directory. Idempotent. */
  destroy(): void;
}

/** The newest /usr/lib/postgresql/<version>/bin holding initdb, or RELIABILITY_PG_BIN. */
export function postgresBinDir(): string {
  const explicit = process.env.RELIABILITY_PG_BIN;
  if (explicit) return explicit;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      `no PostgreSQL server binaries under ${root} (set RELIABILITY_PG_BIN to the directory of initdb and pg_ctl)`,
    );
  return join(root, versions[0]!, 'bin');
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const baseDir = mkdtempSync(join(tmpdir(), 'gridcase-reliability-pg-'));
  const dataDir = join(baseDir, 'data');
  const logFile = join(baseDir, 'server.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(baseDir, uid, gid);
  }
  // As root: the same binary through runuser, so the server runs as postgres.
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const pgCtl = async (args: string[]) => {
    const [file, argv] = command('pg_ctl', ['-D', dataDir, '-l', logFile, ...args]);
    await run(file, argv, { timeout: 90_000 });
  };

  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    process.removeListener('exit', destroy);
    try {
      const [file, argv] = command('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      if (existsSync(join(dataDir, 'postmaster.pid')))
        execFileSync(file, argv, { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // already stopped
    }
    rmSync(baseDir, { recursive: true, force: true });
  };
  process.on('exit', destroy);

  try {
    const [initdb, initArgs] = command('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await run(initdb, initArgs, { timeout: 120_000 });
    const port = await freePort();
    // fsync off: a crash here is a killed server process, not a lost machine, so the kernel keeps
    // every WAL write either way; it spares the shared disk. Commits still wait for the WAL write.
    appendFileSync(
      join(dataDir, 'postgresql.conf'),
      [
        '',
        '# gridcase reliability suite: a throwaway cluster',
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${baseDir}'`,
        'max_connections = 60',
        'shared_buffers = 32MB',
        'fsync = off',
        'logging_collector = off',
        '',
      ].join('\n'),
    );
    const cluster: ThrowawayPostgres = {
      port,
      baseDir,
      urlFor: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
      start: () => pgCtl(['-w', '-t', '60', 'start']),
      stop: (mode) => pgCtl(['-m', mode, '-w', '-t', '60', 'stop']),
      restart: () => pgCtl(['-m', 'fast', '-w', '-t', '60', 'restart']),
      log: (chars = 2_000) => {
        try {
          return readFileSync(logFile, 'utf8').slice(-chars);
        } catch {
          return '';
        }
      },
      destroy,
    };
    await cluster.start();
    return cluster;
  } catch (error) {
    destroy();
    throw error;
  }
}
