// A PostgreSQL database for tests: a fresh database on TEST_DATABASE_URL's server when set (CI), otherwise
// on a throwaway cluster started here (initdb in a temp dir, loopback only, a free port) and stopped after.
// Missing PostgreSQL fails loudly: these tests never skip themselves.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  /** Drops the database and, when this helper started the cluster, stops and removes it. */
  drop(): Promise<void>;
}

interface Cluster {
  url: string;
  stop(): void;
}

const NOT_INSTALLED =
  'PostgreSQL is not installed, and the tests in test/store-contract and test/postgres need it. ' +
  'Install it (Debian/Ubuntu: apt-get install -y postgresql; macOS: brew install postgresql) ' +
  'or set TEST_DATABASE_URL to a server where the test user may create databases.';

/** The folder holding initdb and pg_ctl: PG_BINDIR, Debian's /usr/lib/postgresql/N/bin (newest), or PATH. */
function postgresBinDir(): string {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  const found = candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')));
  if (!found) throw new Error(NOT_INSTALLED);
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, run its tools as the "postgres" user the package creates. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function run(command: string, args: string[], what: string): void {
  const [cmd, argv] = asServerUser(command, args);
  const result = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${what} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout || '').trim()}`);
}

async function startCluster(): Promise<Cluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'outcomes-pg-'));
  const data = path.join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  writeFileSync(path.join(dir, 'pw'), password, { mode: 0o600 });
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(path.join(dir, 'pw'), uid, gid);
  }
  run(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'outcomes', '--auth=scram-sha-256', `--pwfile=${path.join(dir, 'pw')}`, '-E', 'UTF8', '--locale=C.UTF-8'],
    'initdb',
  );

  const pgCtl = path.join(bin, 'pg_ctl');
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    const [cmd, argv] = asServerUser(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    spawnSync(cmd, argv, { stdio: 'ignore', timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run that ends early must not leave a server behind.
  process.once('exit', stop);

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    // Durability off: the cluster is thrown away after the tests.
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      run(pgCtl, ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', '-t', '60', 'start'], 'pg_ctl start');
      return { url: `postgres://outcomes:${password}@127.0.0.1:${port}/postgres`, stop };
    } catch (error) {
      if (attempt >= 3) {
        stop();
        throw error;
      }
    }
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A new empty database; each test file gets its own, so files can run in parallel. */
export async function testDatabase(): Promise<TestDatabase> {
  const shared = process.env.TEST_DATABASE_URL;
  const cluster: Cluster = shared ? { url: shared, stop: () => undefined } : await startCluster();
  const name = `outcomes_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: cluster.url });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    cluster.stop();
    throw error;
  } finally {
    await admin.end().catch(() => undefined);
  }
  return {
    url: withDatabase(cluster.url, name),
    async drop() {
      const client = new pg.Client({ connectionString: cluster.url });
      try {
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end().catch(() => undefined);
        cluster.stop();
      }
    },
  };
}
