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
  const code = await cli({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    // Made on first read: process.stdin starts a stream (and loads its modules) when touched.
    get stdin() {
      return process.stdin;
    },
  });
  process.exitCode = code;
  // Done: what is still open or still running (a file watcher closing on a removed folder, an
  // abandoned watch cycle, a socket's lingering timer) must not keep the process alive, so exit
  // as soon as what was written is out.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
