import { parseArgs, type ParseArgsConfig } from 'node:util';
import { suggest } from '../diagnostics/suggest.js';
import { NotAProjectError } from '../pipeline/load-project.js';
import { EnvironmentUsageError } from '../environments/select-environment.js';
import { EngineError } from '../engine/engine.js';
import { version } from './version.js';

/** Everything the CLI touches of its process: tests call `cli` in-process with their own. */
export interface CliIo {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin?: NodeJS.ReadableStream;
}

/** Raised for wrong usage: exit code 2 with the message and a pointer to --help. */
export class UsageError extends Error {}

/** Raised when an operation fails for a reason the user can fix (a path that cannot be written): exit 1. */
export class CommandError extends Error {}

export interface Command {
  summary: string;
  usage: string;
  /** Command lines a reader can copy, shown by --help. */
  examples: readonly string[];
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }, io: CliIo): Promise<number>;
}

/**
 * Each command's module, loaded when it runs: `weft validate` does not load (nor start the
 * builtins of) the engine, the language server or the worker (milliseconds of every start).
 */
const commands: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./init-command.js')).initCommand,
  validate: async () => (await import('./validate-command.js')).validateCommand,
  compile: async () => (await import('./compile-command.js')).compileCommand,
  schema: async () => (await import('./schema-command.js')).schemaCommand,
  diff: async () => (await import('./diff-command.js')).diffCommand,
  graph: async () => (await import('./graph-command.js')).graphCommand,
  connectors: async () => (await import('./connectors-command.js')).connectorsCommand,
  test: async () => (await import('./test-command.js')).testCommand,
  plan: async () => (await import('./plan-command.js')).planCommand,
  watch: async () => (await import('./watch-command.js')).watchCommand,
  lsp: async () => (await import('./lsp-command.js')).lspCommand,
  import: async () => (await import('./import-command.js')).importCommand,
  run: async () => (await import('./run-command.js')).runCommand,
  runs: async () => (await import('./run-command.js')).runsCommand,
  apply: async () => (await import('./plan-command.js')).applyCommand,
  revisions: async () => (await import('./plan-command.js')).revisionsCommand,
  status: async () => (await import('./status-command.js')).statusCommand,
  rollback: async () => (await import('./plan-command.js')).rollbackCommand,
  secret: async () => (await import('./secret-command.js')).secretCommand,
  engine: async () => (await import('./engine-command.js')).engineCommand,
  worker: async () => (await import('./worker-command.js')).workerCommand,
};

/** The list of all commands (it loads every command's module). */
async function usage(): Promise<string> {
  const all = await Promise.all(Object.values(commands).map((load) => load()));
  return `weft — integration-as-code

Usage: weft <command> [options]

Commands:
${all
  .map((command) => (command.usage.length <= 48 ? `  ${command.usage.padEnd(48)} ${command.summary}` : `  ${command.usage}\n  ${''.padEnd(48)} ${command.summary}`))
  .join('\n')}

Exit codes: 0 success, 1 the configuration has errors or an operation failed, 2 wrong usage.
Set WEFT_DEBUG=1 to see the stack trace of an internal error.
`;
}

/** Runs the weft command line and returns the process exit code. Never calls process.exit. */
export async function cli(io: CliIo): Promise<number> {
  const [name, ...rest] = io.argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(await usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`weft ${version}\n`);
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!load) {
    // A slip (valdate) gets the command it was meant to be, before the list of all of them.
    const hint = name.startsWith('-') ? undefined : suggest(name, Object.keys(commands));
    io.stderr.write(`weft: unknown command '${name}'${hint ? `; did you mean 'weft ${hint}'?` : ''}\n\n${await usage()}`);
    return 2;
  }
  let command: Command | undefined;
  try {
    command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(name, command));
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
      // An option slip (--formt) gets the option it was meant to be.
      const unknown = /^Unknown option '(--?[\w-]+)'/.exec(message)?.[1];
      const meant = unknown?.startsWith('--') ? suggest(unknown.slice(2), Object.keys(command.options ?? {})) : undefined;
      throw new UsageError(meant ? `${message}; did you mean '--${meant}'?` : message);
    }
    return await command.run(parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] }, io);
  } catch (error) {
    if (error instanceof CommandError || error instanceof EngineError) {
      io.stderr.write(`weft ${name}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError || error instanceof NotAProjectError || error instanceof EnvironmentUsageError) {
      io.stderr.write(`weft ${name}: ${error.message}\nUsage: weft ${command?.usage ?? name}\n`);
      return 2;
    }
    if (io.env.WEFT_DEBUG === '1') io.stderr.write(`weft: internal error\n${(error as Error)?.stack ?? String(error)}\n`);
    else io.stderr.write(`weft: internal error: ${(error as Error)?.message ?? String(error)}\n(this is a bug in weft; run with WEFT_DEBUG=1 for the stack trace)\n`);
    return 1;
  }
}

/** A command's --help: its usage, what it does, its options, and examples. */
function commandHelp(name: string, command: Command): string {
  const options = Object.entries(command.options).map(([option, config]) => `${config.short ? `-${config.short}, ` : '    '}--${option}${config.type === 'string' ? ' <value>' : ''}`);
  return [
    `Usage: weft ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...options.map((line) => `  ${line}`),
    '  -h, --help',
    '',
    `Example${command.examples.length === 1 ? '' : 's'}:`,
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}
