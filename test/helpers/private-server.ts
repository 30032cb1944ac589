import { createServer } from 'node:net';

/**
 * What the helpers that start a private server of a Debian package (RabbitMQ, PostgreSQL) share:
 * whether its tests can run, and free loopback ports.
 */

/**
 * Whether tests that need a package's server can run. Without it they are skipped, loudly; in
 * CI (CI=true) a missing package is an error, so a broken install cannot pass as skipped tests.
 */
export function serverOrSkip(suiteName: string, server: { installed: boolean; package: string; where: string }): boolean {
  if (server.installed) return true;
  if (process.env.CI === 'true') throw new Error(`${suiteName}: ${server.package} is not installed (${server.where}), and CI=true: .ci/run must install it`);
  process.stderr.write(
    `\n${'!'.repeat(78)}\n!! ${suiteName}: SKIPPED — ${server.package} is not installed here (${server.where}).\n!! Install it with: apt-get install -y ${server.package} (CI does, and fails without it).\n${'!'.repeat(78)}\n\n`,
  );
  return false;
}

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
