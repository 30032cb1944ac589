import path from 'node:path';
import { decodeSource } from '../parse/decode-source.js';
import type { Stats } from 'node:fs';
import { readRegularFileAndStats } from './read-regular-file.js';
import type { Telltales } from '../parse/telltales.js';

/** Configuration files are small; a huge one is a mistake (or a device), not something to parse. */
export const maxFileBytes = 16 * 1048576;

/** A file as read the plain way: its text and its size in bytes. */
export interface PlainSource {
  text: string;
  bytes: number;
  /** What its text says of how to read it, when that was worked out where it was read. */
  telltales?: Telltales;
}

/**
 * A project file's text when it is a regular file (not a link, a device) of at most
 * `maxFileBytes` that decodes as text; undefined for anything else, which is read the careful
 * way (see load-file.ts) and reported. Built-in modules and the decoder only: the expression
 * worker reads files with it too.
 */
export function readPlainSource(root: string, file: string): PlainSource | undefined {
  const read = readPlainFile(root, file);
  return read && { text: read.text, bytes: read.data.byteLength };
}

/** `readPlainSource` with the bytes read and the file's stat as it was opened (what the caches stamp it with). */
export function readPlainFile(root: string, file: string): { text: string; data: Buffer; stats: Stats } | undefined {
  const read = readRegularFileAndStats(path.join(root, file), maxFileBytes);
  if (!read) return undefined;
  const decoded = decodeSource(file, read.data);
  return decoded.text === undefined || decoded.finding ? undefined : { text: decoded.text, ...read };
}
