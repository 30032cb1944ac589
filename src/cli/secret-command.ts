import type { Command, CliIo } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { environmentOption, projectDirectory, requestedEnvironment } from './options.js';
import { openProjectEngine } from './project-engine.js';
import { isSecretPath } from '../engine/secret-path.js';

export const secretCommand: Command = {
  summary: "manage the engine's secrets: set (value from stdin), list (paths only), rm",
  usage: 'secret set <path> [dir] [--env name] < value | secret list [dir] [--env name] | secret rm <path> [dir] [--env name]',
  examples: ['weft secret set shopify/uk/token < token.txt', 'weft secret list'],
  options: { ...environmentOption },
  async run({ values, positionals }, io) {
    const [action, ...rest] = positionals;
    const needsPath = action === 'set' || action === 'rm';
    if (action !== 'set' && action !== 'list' && action !== 'rm') throw new UsageError(`expected set, list or rm, not '${action ?? ''}'`);
    const name = needsPath ? rest.shift() : undefined;
    if (needsPath && (name === undefined || !isSecretPath(name))) {
      throw new UsageError(`a secret path is segments of letters, digits, '.', '_' and '-' separated by '/' (for example shopify/uk/token), not '${name ?? ''}'`);
    }
    const root = projectDirectory(rest, io);
    const { findProjectFile } = await import('../pipeline/load-project.js');
    await findProjectFile(root);
    // The value is read before the engine opens, so bad input leaves no state file behind.
    const value = action === 'set' ? await readValue(io) : undefined;
    const engine = await openProjectEngine(root, io, { environment: requestedEnvironment(values) });
    try {
      if (action === 'list') {
        for (const path of await engine.secretPaths()) io.stdout.write(path + '\n');
      } else if (action === 'rm') {
        if (!(await engine.removeSecret(name!))) throw new CommandError(`there is no secret '${name}'`);
        io.stderr.write(`removed secret ${name}\n`);
      } else {
        // The value came from stdin, never from the command line (where ps and shell history see it).
        await engine.setSecret(name!, value!);
        io.stderr.write(`stored secret ${name} in ${engine.description} (${Buffer.byteLength(value!)} bytes, encrypted)\n`);
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};

async function readValue(io: CliIo): Promise<string> {
  if (!io.stdin || (io.stdin as { isTTY?: boolean }).isTTY) throw new UsageError('pipe the value on stdin: weft secret set <path> < file');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const value = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (value === '') throw new UsageError('the value on stdin is empty');
  return value;
}
