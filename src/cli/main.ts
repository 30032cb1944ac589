import { cli } from './cli.js';

export { cli };

/** Runs the CLI on this process's arguments and streams. */
export async function main(): Promise<void> {
  process.exitCode = await cli({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  });
}
