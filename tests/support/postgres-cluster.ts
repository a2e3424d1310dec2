/**
 * Throwaway PostgreSQL cluster for integration tests and benchmarks.
 *
 *   const pg = await startPostgresCluster();
 *   // pg.url === 'postgres://postgres@127.0.0.1:PORT/postgres'
 *   await pg.stop();
 *
 * - Binaries come from `PG_BIN_DIR` (default `/usr/lib/postgresql/15/bin`).
 * - initdb refuses to run as root, so when running as root every PostgreSQL
 *   binary is spawned as the `postgres` OS user (uid/gid switch via spawn)
 *   and the temp folder is chowned to that user.
 * - Trust auth, listens on 127.0.0.1 only, unix socket inside the temp folder,
 *   durability switched off for speed (fsync, synchronous_commit,
 *   full_page_writes).
 * - The cluster is stopped on normal process exit, on SIGINT/SIGTERM/SIGHUP,
 *   and - via a detached watchdog shell - even if the owning process is
 *   killed with SIGKILL.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_PG_BIN_DIR = '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  /** Admin connection url: postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** Temp folder holding the data dir (`data/`), the log (`postgres.log`) and the unix socket. */
  dir: string;
  /** Stops the server (`pg_ctl stop -m immediate`) and deletes the temp folder. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPostgresClusterOptions {
  /** Folder with initdb/pg_ctl/postgres. Default: env PG_BIN_DIR or /usr/lib/postgresql/15/bin. */
  binDir?: string;
  /** Default 200. */
  maxConnections?: number;
  /** Extra `postgresql.conf` settings, e.g. { shared_buffers: '256MB' }. */
  settings?: Record<string, string | number>;
  /** Seconds to wait for the server to accept connections. Default 60. */
  startTimeoutSeconds?: number;
}

function pgBinDir(binDir?: string): string {
  return binDir ?? process.env.PG_BIN_DIR ?? DEFAULT_PG_BIN_DIR;
}

/** True when initdb, pg_ctl and postgres exist in the PostgreSQL bin folder. */
export function isPostgresAvailable(binDir?: string): boolean {
  const dir = pgBinDir(binDir);
  return ['initdb', 'pg_ctl', 'postgres'].every((b) => {
    try {
      fs.accessSync(path.join(dir, b), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** When root, resolve the uid/gid of the `postgres` OS user. */
function resolveRunAs(): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      'startPostgresCluster: running as root but there is no "postgres" OS user to run initdb/pg_ctl as ' +
        '(install the postgresql-15 Debian package, which creates it, or run the tests as a non-root user).',
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function spawnOpts(runAs: RunAs, cwd: string): SpawnOptions {
  return {
    cwd,
    uid: runAs.uid,
    gid: runAs.gid,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TZ: 'UTC',
      HOME: cwd,
      NODE_ENV: 'test',
    },
  };
}

function run(cmd: string, args: string[], opts: SpawnOptions): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Free TCP port on 127.0.0.1 (bind to port 0, read it back, release it). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

function readTail(file: string, max = 4000): string {
  try {
    const s = fs.readFileSync(file, 'utf8');
    return s.length > max ? '…' + s.slice(-max) : s;
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------
// Cleanup of clusters still running when the process goes away.

interface Live {
  stopSync(): void;
}
const live = new Set<Live>();
let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const c of [...live]) c.stopSync();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      for (const c of [...live]) c.stopSync();
      process.removeListener(sig, handler);
      // Keep the default behaviour (terminate) unless somebody else handles the signal.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, handler);
  }
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Detached shell that waits for `ownerPid` to disappear, then stops the
 * cluster and deletes its folder. Covers SIGKILL / OOM of the owner.
 * Uses /proc/PID (not `kill -0`) so it also works when running as another uid.
 */
function spawnWatchdog(binDir: string, dir: string, dataDir: string, runAs: RunAs): number | undefined {
  const script =
    `while [ -d /proc/${process.pid} ]; do sleep 1; done; ` +
    `${shQuote(path.join(binDir, 'pg_ctl'))} stop -D ${shQuote(dataDir)} -m immediate -w -t 30 >/dev/null 2>&1; ` +
    `rm -rf ${shQuote(dir)}`;
  try {
    const child = spawn('/bin/sh', ['-c', script], {
      ...spawnOpts(runAs, dir),
      cwd: '/',
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () => {});
    child.unref();
    return child.pid;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------

/**
 * Start a fresh PostgreSQL cluster in a temp folder. Throws a clear error
 * when the PostgreSQL binaries are not installed.
 */
export async function startPostgresCluster(options: StartPostgresClusterOptions = {}): Promise<PostgresCluster> {
  const binDir = pgBinDir(options.binDir);
  if (!isPostgresAvailable(binDir)) {
    throw new Error(
      `startPostgresCluster: PostgreSQL binaries (initdb, pg_ctl, postgres) not found in ${binDir}. ` +
        'Install them with `apt-get install -y postgresql-15` (Debian), set PG_BIN_DIR to another bin folder, ' +
        'or point TEST_POSTGRES_URL at an existing server.',
    );
  }
  const runAs = resolveRunAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-test-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  if (runAs.uid !== undefined) fs.chownSync(dir, runAs.uid, runAs.gid!);
  fs.chmodSync(dir, 0o700);
  const opts = spawnOpts(runAs, dir);
  const pgCtl = path.join(binDir, 'pg_ctl');

  let stopped = false;
  let watchdogPid: number | undefined;
  const entry: Live = {
    stopSync() {
      if (stopped) return;
      stopped = true;
      live.delete(entry);
      spawnSync(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30'], { ...opts, stdio: 'ignore' });
      if (watchdogPid) {
        try {
          process.kill(watchdogPid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  const fail = (msg: string): never => {
    entry.stopSync();
    throw new Error(msg);
  };

  try {
    const init = await run(
      path.join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
      opts,
    );
    if (init.code !== 0) fail(`startPostgresCluster: initdb failed (exit ${init.code}):\n${init.output}`);

    const settings: Record<string, string | number> = {
      listen_addresses: "'127.0.0.1'",
      unix_socket_directories: `'${dir}'`,
      max_connections: options.maxConnections ?? 200,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      shared_buffers: '128MB',
      logging_collector: 'off',
      log_min_messages: 'warning',
      ...options.settings,
    };
    const conf = Object.entries(settings)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n');
    fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n# test harness\n${conf}\n`);

    installExitHandlers();
    live.add(entry);
    watchdogPid = spawnWatchdog(binDir, dir, dataDir, runAs);

    // The port is found by binding to port 0, then released: another process
    // could grab it in between, so retry a few times.
    let lastOutput = '';
    for (let attempt = 1; attempt <= 5; attempt++) {
      const port = await findFreePort();
      const start = await run(
        pgCtl,
        ['start', '-D', dataDir, '-l', logFile, '-w', '-t', String(options.startTimeoutSeconds ?? 60), '-o', `-p ${port}`],
        opts,
      );
      if (start.code === 0) {
        const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
        return {
          url,
          port,
          dir,
          async stop() {
            entry.stopSync();
          },
        };
      }
      lastOutput = `${start.output}\n--- postgres.log ---\n${readTail(logFile)}`;
      if (!/could not bind|address already in use/i.test(lastOutput)) break;
    }
    return fail(`startPostgresCluster: pg_ctl start failed:\n${lastOutput}`);
  } catch (err) {
    entry.stopSync();
    throw err;
  }
}
