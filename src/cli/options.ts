import path from 'node:path';
import type { CliIo } from './cli.js';
import { UsageError } from './cli.js';
import type { ReportContext } from '../report/report-context.js';
import { version } from './version.js';

export const reportFormats = ['pretty', 'json', 'github', 'sarif'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export function parseFormat(value: unknown): ReportFormat {
  const format = (value ?? 'pretty') as ReportFormat;
  if (!reportFormats.includes(format)) throw new UsageError(`--format must be one of ${reportFormats.join(', ')}, not '${String(value)}'`);
  return format;
}

export function projectDirectory(positionals: readonly string[], io: CliIo): string {
  if (positionals.length > 1) throw new UsageError(`expected at most one project directory, got ${positionals.length}: ${positionals.join(' ')}`);
  return path.resolve(io.cwd, positionals[0] ?? '.');
}

export function useColor(io: CliIo, stream: { isTTY?: boolean }): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function reportContext(root: string, io: CliIo, sources: ReadonlyMap<string, string>, stream: { isTTY?: boolean }): ReportContext {
  const relative = path.relative(io.cwd, root).split(path.sep).join('/');
  // Paths relative to the current directory are clickable and what GitHub expects; a project
  // outside the current directory keeps project-relative paths.
  const projectPath = relative.startsWith('..') || path.isAbsolute(relative) ? '' : relative;
  return { projectPath, color: useColor(io, stream), sources, toolVersion: version };
}

/** WEFT_TEST_APPLY_DELAY_MS: a pause inside the apply transaction, for the crash and race tests only. */
export function testApplyDelay(env: CliIo['env']): number {
  const value = Number(env.WEFT_TEST_APPLY_DELAY_MS ?? 0);
  return Number.isFinite(value) && value > 0 ? Math.min(value, 60_000) : 0;
}

/** The `--env <name>` option of the commands that work on one environment of a project. */
export const environmentOption = { env: { type: 'string' } } as const;

/** The environment `--env` names: undefined (the project's default) when it is not given. */
export function requestedEnvironment(values: Record<string, string | boolean | undefined>): string | undefined {
  const value = values.env;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError('--env needs the name of one of the environments of weft.yaml');
  return value;
}
