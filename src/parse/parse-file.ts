import { isScalar, parseAllDocuments, visit, type Document } from 'yaml';
import type { Finding } from '../diagnostics/diagnostic.js';

/** How many aliased nodes one document may expand: enough for real files, far too few for a billion laughs. */
const maxAliasCount = 1000;

export interface ParsedDocument {
  /** Index of the document within its file. */
  index: number;
  /** The document as plain data; undefined when it did not parse. */
  value: unknown;
  /** Offset of the document's first content, for findings about the whole document. */
  start: number;
}

export interface ParsedFile {
  file: string;
  text: string;
  documents: ParsedDocument[];
  findings: Finding[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes a file's bytes as UTF-8 text, or explains why it is not text. */
export function decodeSource(file: string, bytes: Uint8Array): { text?: string; finding?: Finding } {
  if (bytes.includes(0)) {
    return { finding: textFinding(file, 'file is binary (it contains NUL bytes), not YAML text') };
  }
  try {
    // ignoreBOM is false: a leading byte order mark is dropped, as editors do.
    return { text: decoder.decode(bytes) };
  } catch {
    return { finding: textFinding(file, 'file is not valid UTF-8 text') };
  }
}

function textFinding(file: string, message: string): Finding {
  return { severity: 'error', code: 'yaml-syntax', message, file, range: [0, 0] };
}

/** Parses every YAML document in a file (YAML 1.2 core schema) with source positions. */
export function parseYamlDocuments(text: string): Document.Parsed[] {
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  return Array.isArray(parsed) ? parsed : [];
}

/** Parses a file's text into plain documents plus syntax findings. */
export function parseFile(file: string, text: string): ParsedFile {
  const findings: Finding[] = [];
  const documents: ParsedDocument[] = [];
  parseYamlDocuments(text).forEach((document, index) => {
    let broken = false;
    for (const error of document.errors) {
      const duplicate = error.code === 'DUPLICATE_KEY';
      if (!duplicate) broken = true;
      const range: [number, number] = duplicate ? keyRange(document, error.pos[0]) ?? error.pos : error.pos;
      findings.push({
        severity: 'error',
        code: duplicate ? 'duplicate-key' : 'yaml-syntax',
        message: duplicate ? duplicateKeyMessage(text, range) : yamlMessage(error.message),
        file,
        document: index,
        range: [range[0], Math.max(range[0], range[1])],
      });
    }
    const start = (document.contents as { range?: [number, number] } | null)?.range?.[0] ?? document.range[0];
    if (broken) {
      documents.push({ index, value: undefined, start });
      return;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount });
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      findings.push({
        severity: 'error',
        code: 'yaml-syntax',
        message: /alias count/i.test(error.message)
          ? `aliases expand to too many nodes (more than ${maxAliasCount}); refusing to expand this document`
          : `bad alias: ${lowerFirst(error.message)}`,
        file,
        document: index,
        range: [start, start],
      });
    }
    documents.push({ index, value, start });
  });
  return { file, text, documents, findings };
}

/** The range of the mapping key that starts at an offset (yaml reports only its first character). */
function keyRange(document: Document.Parsed, offset: number): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = [pair.key.range[0], pair.key.range[1]];
        return visit.BREAK;
      }
    },
  });
  return found;
}

function duplicateKeyMessage(text: string, [start, end]: [number, number]): string {
  const key = text.slice(start, end).trim();
  return key && key.length <= 80 && !key.includes('\n') ? `key '${key}' is repeated in this mapping` : 'a key is repeated in this mapping';
}

/** yaml's messages say "at line x, column y" in their own words; the position is reported separately. */
function yamlMessage(message: string): string {
  return lowerFirst(message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim());
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
