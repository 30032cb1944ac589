import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { freePort, serverOrSkip } from './private-server.js';

/**
 * A private PostgreSQL server for tests: Debian's postgresql binaries (initdb, pg_ctl) run as the
 * `postgres` system user on a data directory under a temporary directory, listening on
 * 127.0.0.1 and a free port only, with fsync off (tests only). Stopped and removed by `stop()`,
 * and stopped at once if the test process exits first.
 */
export interface PostgresServer {
  /** postgres://weft@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** The server's data directory (its files: tables, WAL), for tests that read what is on disk. */
  data: string;
  /** A new empty database on this server, and its URL (each test suite its own). */
  database(name: string): Promise<string>;
  /** Stops the server as a crash would (`-m immediate`), then starts it again: what was committed survives. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** The newest PostgreSQL Debian installed: /usr/lib/postgresql/<major>/bin (15 on Debian 12, 17 on 13). */
const bin = (() => {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((entry) => /^\d+$/.test(entry) && existsSync(path.join(root, entry, 'bin', 'initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return path.join(root, newest ?? '15', 'bin');
})();

/** A client program of the installed PostgreSQL (pg_dump, psql). */
export function pgBinary(name: string): string {
  return path.join(bin, name);
}

/** Whether Debian's postgresql is installed here. */
export function postgresInstalled(): boolean {
  return existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'));
}

/** Whether tests that need it can run (see serverOrSkip). */
export function postgresOrSkip(suiteName: string): boolean {
  return serverOrSkip(suiteName, { installed: postgresInstalled(), package: 'postgresql', where: bin });
}

const running = new Set<string>();
process.once('exit', () => {
  for (const data of running) spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore' });
});

/** As the `postgres` user when this process is root (PostgreSQL refuses to run as root); as this user otherwise. */
function asPostgres(command: string, args: string[]) {
  return process.getuid?.() === 0 ? execa('runuser', ['-u', 'postgres', '--', command, ...args]) : execa(command, args);
}

export async function startPostgres(): Promise<PostgresServer> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'weft-pg-'));
  await chmod(home, 0o755);
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresUser();
    await chown(home, uid, gid);
  }
  const data = path.join(home, 'data');
  const port = await freePort();
  await asPostgres(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'weft', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const start = () =>
    asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(home, 'log'), '-w', '-t', '60', 'start', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${home} -c fsync=off -c full_page_writes=off -c max_connections=200`]);
  await start();
  running.add(data);
  const url = `postgres://weft@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    url,
    port,
    data,
    async database(name) {
      const database = `${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${++databases}`;
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${database}`);
      } finally {
        await client.end();
      }
      return `postgres://weft@127.0.0.1:${port}/${database}`;
    },
    async crash() {
      await asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      await start();
    },
    async stop() {
      running.delete(data);
      await asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const result = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (result.status !== 0 || group.status !== 0) throw new Error('there is no postgres system user (apt-get install -y postgresql makes it)');
  return { uid: Number(result.stdout.trim()), gid: Number(group.stdout.trim()) };
}
