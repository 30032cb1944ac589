import type { Finding } from '../diagnostics/diagnostic.js';

// A module of its own (no YAML parser): the expression worker reads and decodes files too.

const decoder = new TextDecoder('utf-8', { fatal: true });
const lossyDecoder = new TextDecoder('utf-8');

const utf16Decoder = new TextDecoder('utf-16le', { fatal: true });

/**
 * Decodes a file's bytes as UTF-8 text (or UTF-16 with a byte order mark, as Windows tools save
 * "Unicode"), or explains why it is not text. For a file that is not valid UTF-8, `display` is a
 * lossy decoding for code frames and the finding points at the first bad byte. Lone CRs (classic
 * Mac line endings) become LFs: the text keeps its length, so offsets stay those of the file's
 * characters, and lines are counted as the author's editor shows them.
 */
export function decodeSource(file: string, bytes: Uint8Array): { text?: string; display?: string; finding?: Finding } {
  const decoded = decodeBytes(file, bytes);
  if (decoded.text !== undefined && decoded.text.includes('\r')) decoded.text = decoded.text.replace(/\r(?!\n)/g, '\n');
  // The lossy text of a file that is not UTF-8 places its finding: its lines are counted alike.
  if (decoded.display !== undefined && decoded.display.includes('\r')) decoded.display = decoded.display.replace(/\r(?!\n)/g, '\n');
  return decoded;
}

function decodeBytes(file: string, bytes: Uint8Array): { text?: string; display?: string; finding?: Finding } {
  const bom = bytes.length >= 2 ? (bytes[0] === 0xff && bytes[1] === 0xfe ? 'le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'be' : undefined) : undefined;
  if (bom) return decodeUtf16(file, bytes.subarray(2), bom);
  if (bytes.includes(0)) {
    return { finding: { severity: 'error', code: 'yaml-syntax', message: 'file is binary (it contains NUL bytes), not YAML text', file, range: [0, 0] } };
  }
  try {
    // ignoreBOM is false: a leading byte order mark is dropped, as editors do.
    return { text: decoder.decode(bytes) };
  } catch {
    const bad = firstInvalidByte(bytes);
    const offset = lossyDecoder.decode(bytes.subarray(0, bad)).length;
    return {
      display: lossyDecoder.decode(bytes),
      finding: { severity: 'error', code: 'yaml-syntax', message: `file is not valid UTF-8 text (byte 0x${bytes[bad]?.toString(16).padStart(2, '0')} at byte offset ${bad}); save it as UTF-8`, file, range: [offset, offset + 1] },
    };
  }
}

/** UTF-16 after its byte order mark; a file that is not valid UTF-16 is reported, not guessed at. */
function decodeUtf16(file: string, bytes: Uint8Array, order: 'le' | 'be'): { text?: string; finding?: Finding } {
  let units = bytes;
  if (order === 'be') {
    units = new Uint8Array(bytes.length);
    for (let index = 0; index + 1 < bytes.length; index += 2) {
      units[index] = bytes[index + 1]!;
      units[index + 1] = bytes[index]!;
    }
  }
  try {
    if (bytes.length % 2 !== 0) throw new Error('odd length');
    const text = utf16Decoder.decode(units);
    if (!text.includes('\0')) return { text };
  } catch {
    // reported below
  }
  const message = `file starts with a UTF-16 ${order === 'le' ? 'little' : 'big'}-endian byte order mark but is not valid UTF-16 text; save it as UTF-8`;
  return { finding: { severity: 'error', code: 'yaml-syntax', message, file, range: [0, 0] } };
}

/** Index of the first byte that does not continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; ) {
    const byte = bytes[index]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = 1; next < length; next++) if ((bytes[index + next]! & 0xc0) !== 0x80) return index;
    if (length > 1 && !decodesAlone(bytes.subarray(index, index + length))) return index;
    index += length;
  }
  return 0;
}

function decodesAlone(sequence: Uint8Array): boolean {
  try {
    decoder.decode(sequence);
    return true;
  } catch {
    return false;
  }
}
