import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../diagnostics/diagnostic.js';
import { decodeSource, parseFile } from '../parse/parse-file.js';
import type { AnyResource } from '../schema/resource.js';
import { validateDocuments } from '../schema/validate-documents.js';

/** One file read, parsed and schema-validated: plain data, so it can cross threads. */
export interface LoadedFile {
  file: string;
  text: string;
  bytes: number;
  resources: AnyResource[];
  findings: Finding[];
}

/** Reads, parses and schema-validates one file of a project. Never throws for a bad file. */
export async function loadFile(root: string, file: string): Promise<LoadedFile> {
  let data: Uint8Array;
  try {
    data = await readFile(path.join(root, file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return { file, text: '', bytes: 0, resources: [], findings: [{ severity: 'error', code: 'yaml-syntax', message: `file cannot be read (${reason})`, file, range: [0, 0] }] };
  }
  const decoded = decodeSource(file, data);
  if (decoded.finding) return { file, text: decoded.display ?? '', bytes: data.byteLength, resources: [], findings: [decoded.finding] };
  const parsed = parseFile(file, decoded.text!);
  const validated = validateDocuments(parsed);
  return { file, text: decoded.text!, bytes: data.byteLength, resources: validated.resources, findings: [...parsed.findings, ...validated.findings] };
}
