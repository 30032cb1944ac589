import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CommandError } from './cli.js';

/**
 * Writes a file atomically (a temporary file renamed over the target), so a reader never sees
 * half a bundle. A path that cannot be written is the user's problem to fix, not a crash.
 */
export async function writeOutput(target: string, content: string): Promise<void> {
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temporary, content);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw new CommandError(`cannot write ${target}: ${describeFsError(error)}`);
  }
}

/** Creates a directory for output, or explains why it cannot. */
export async function makeOutputDirectory(directory: string): Promise<void> {
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new CommandError(`cannot create directory ${directory}: ${describeFsError(error)}`);
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    EISDIR: 'it is a directory',
    EEXIST: 'a file is in the way',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EACCES: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
  };
  return (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
}
