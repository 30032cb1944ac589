import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Opening a link fails; opening a FIFO does not wait for a writer. */
const plainOpen = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * A file's bytes when it is a regular file (not a link, a FIFO or a device) of at most
 * `maxBytes`, read at once in four system calls; undefined for anything else or an error. Node's
 * built-in modules only: the cache's fast path (dist/validate-cache.cjs) uses it too.
 */
export function readRegularFile(file: string, maxBytes: number): Buffer | undefined {
  return readRegularFileAndStats(file, maxBytes)?.data;
}

/** `readRegularFile`, with the stat of the file as it was opened (its size, times and inode when read). */
export function readRegularFileAndStats(file: string, maxBytes: number): { data: Buffer; stats: Stats } | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(file, plainOpen);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    return { data: readOpen(descriptor, stats.size), stats };
  } catch {
    return undefined;
  } finally {
    closeSync(descriptor);
  }
}

/** Up to `size` bytes of an open file from its start (fewer when it shrank meanwhile). */
export function readOpen(descriptor: number, size: number): Buffer {
  const data = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const read = readSync(descriptor, data, filled, size - filled, filled);
    if (read === 0) break;
    filled += read;
  }
  return filled === size ? data : data.subarray(0, filled);
}
