import { cli } from './cli.js';

export { cli };

/** Runs the CLI on this process's arguments and streams. */
export async function main(): Promise<void> {
  // A reader that stops early (`weft validate | head`) is not an error of weft's.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  process.exitCode = await cli({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  });
}
