import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../diagnostics/diagnostic.js';
import { decodeSource, parseFile } from '../parse/parse-file.js';
import type { AnyResource } from '../schema/resource.js';
import { validateDocuments } from '../schema/validate-documents.js';
import { knownToken, mayHoldToken } from '../lex/secrets.js';
import { hiddenLinkTarget } from '../discover/discover.js';
import { maxFileBytes, readPlainFile, readPlainSource, type PlainSource } from '../fs/read-plain-source.js';
import type { Telltales } from '../parse/telltales.js';
import { stampOfRead, type Stamp } from '../cache/result-cache.js';
import { expressionFacts, prepareExpressionFacts, type ExpressionFacts } from '../lex/expression-facts.js';
import { flowSteps } from '../steps/registry.js';

/** One file read, parsed and schema-validated: plain data, so it can cross threads. */
export interface LoadedFile {
  file: string;
  text: string;
  bytes: number;
  resources: AnyResource[];
  findings: Finding[];
  /** Names possibly defined by documents of this file that could not be read as resources. */
  salvagedNames: string[];
  /** Whether some document of the file could not be read as a resource. */
  lost: boolean;
  /**
   * The facts of its flows' JSONata expressions, worked out where the file was loaded (a parse
   * worker, the file cache): the checks on the main thread then parse none of them.
   */
  expressions?: [string, ExpressionFacts][];
}


/** One overlay file read and parsed: its documents stay plain data until an environment applies them. */
export interface LoadedOverlayFile {
  file: string;
  text: string;
  bytes: number;
  /** The documents that parsed, by index within the file. */
  documents: { index: number; value: unknown }[];
  findings: Finding[];
}

/** Reads, parses and schema-validates one file of a project. Never throws for a bad file. */
export async function loadFile(root: string, file: string): Promise<LoadedFile> {
  return (await loadFilesHere(root, [file]))[0]!;
}

/**
 * `loadFile` of several files, on this thread: their expressions' facts are worked out together
 * (JSONata parses many texts at once much faster than one by one).
 */
export async function loadFilesHere(root: string, files: readonly string[]): Promise<LoadedFile[]> {
  return finishLoading(await startFilesHere(root, files));
}

/**
 * `loadFilesHere` but for its expressions' facts: the files read, parsed and schema-validated,
 * with the texts of their expressions, for `finishLoading` once the facts are known (worked out
 * here, or by an expression worker meanwhile).
 */
export async function startFilesHere(root: string, files: readonly string[], prefetched?: readonly (PlainSource | null | undefined)[]): Promise<Started[]> {
  return Promise.all(
    files.map(async (file, index): Promise<Started> => {
      // Read already (by the expression worker), or else here.
      const plain = prefetched?.[index];
      if (plain) return startLoading(file, plain.text, plain.bytes, plain.telltales);
      const read = await readSource(root, file);
      if (read.findings) return { loaded: { file, text: read.text, bytes: read.bytes, resources: [], findings: read.findings, salvagedNames: [], lost: read.lost }, expressions: [] };
      return startLoading(file, read.text, read.bytes);
    }),
  );
}

/**
 * Parses and schema-validates a file's text as `loadFile` does once it has read it: also an
 * editor's unsaved buffer (`weft lsp`). Never throws for bad text.
 */
export function loadText(file: string, text: string, bytes = Buffer.byteLength(text)): LoadedFile {
  return finishLoading([startLoading(file, text, bytes)])[0]!;
}

/** A file parsed and schema-validated, and the texts of its flows' expressions, whose facts are still to come. */
export interface Started {
  loaded: LoadedFile;
  expressions: string[];
}

function startLoading(file: string, text: string, bytes: number, telltales?: Telltales): Started {
  const parsed = parseFile(file, text, { readsDifferently: telltales?.readsDifferently, mayBeNonPrintable: telltales?.mayBeNonPrintable });
  for (const finding of commentedSecrets(file, text, telltales?.commentsMayHoldToken)) parsed.findings.push(finding);
  const validated = validateDocuments(parsed);
  return {
    loaded: {
      file,
      text,
      bytes,
      resources: validated.resources,
      findings: [...parsed.findings, ...validated.findings],
      salvagedNames: validated.salvagedNames,
      lost: validated.salvagedNames.length > 0 || parsed.documents.some((document) => document.value === undefined),
    },
    expressions: flowExpressions(validated.resources),
  };
}

/**
 * The files with the facts of their expressions: from `facts` (an expression worker's), else
 * worked out here for all of them at once.
 */
export function finishLoading(started: readonly Started[], facts?: ReadonlyMap<string, ExpressionFacts>): LoadedFile[] {
  if (!facts) prepareExpressionFacts(started.flatMap((file) => file.expressions));
  const factsOf = (text: string) => facts?.get(text) ?? expressionFacts(text);
  return started.map(({ loaded, expressions }) => (expressions.length > 0 ? { ...loaded, expressions: expressions.map((text): [string, ExpressionFacts] => [text, factsOf(text)]) } : loaded));
}

/** The texts of every JSONata expression of a file's flows, each once. */
function flowExpressions(resources: readonly AnyResource[]): string[] {
  const texts = new Set<string>();
  for (const resource of resources) {
    if (resource.kind !== 'Flow') continue;
    try {
      for (const { kind, body, pointer } of flowSteps((resource.value as { spec?: unknown }).spec)) {
        for (const expression of kind.expressions(body, pointer)) texts.add(expression.text);
      }
    } catch {
      // A flow the schema let through in a shape the steps do not expect: the checks say what is wrong.
    }
  }
  return [...texts];
}

/**
 * Reads and parses one file of an environment's overlay folder. Its documents are patches (or
 * additions) whose meaning depends on the base resources, so they are classified when an
 * environment applies them, not here. Never throws for a bad file.
 */
export async function loadOverlayFile(root: string, file: string): Promise<LoadedOverlayFile> {
  const read = await readSource(root, file);
  if (read.findings) return { file, text: read.text, bytes: read.bytes, documents: [], findings: read.findings };
  const parsed = parseFile(file, read.text);
  for (const finding of commentedSecrets(file, read.text)) parsed.findings.push(finding);
  return {
    file,
    text: read.text,
    bytes: read.bytes,
    documents: parsed.documents.filter((document) => document.value !== undefined).map(({ index, value }) => ({ index, value })),
    findings: parsed.findings,
  };
}

/** A file's text, or the findings that say why it cannot be read as text. */
async function readSource(root: string, file: string): Promise<{ text: string; bytes: number; findings?: Finding[]; lost: boolean }> {
  const plain = readPlainSource(root, file);
  return plain ? { ...plain, lost: false } : readSourceCarefully(root, file);
}

/**
 * A file's text when it is a regular file (not a link, a device, too big) that decodes as
 * UTF-8, with its stamp as read (whose hash of the bytes is what the file cache is keyed by).
 * Undefined for anything else, which is loaded the careful way.
 */
export function readPlainText(root: string, file: string): { text: string; stamp: Stamp } | undefined {
  const read = readPlainFile(root, file);
  return read && { text: read.text, stamp: stampOfRead(read.stats, read.data) };
}

/** Links, special files and errors: each says what it is before anything is read. */
async function readSourceCarefully(root: string, file: string): Promise<{ text: string; bytes: number; findings?: Finding[]; lost: boolean }> {
  const unreadable = (message: string) => ({ text: '', bytes: 0, findings: [{ severity: 'error', code: 'yaml-syntax', message, file, range: [0, 0] } as Finding], lost: true });
  // Before anything is read: the target may hold credentials, and read text ends up in code frames.
  const hidden = await hiddenLinkTarget(root, path.join(root, file));
  if (hidden) {
    const finding: Finding = { severity: 'warning', code: 'hidden-link', message: `'${file}' links to ${hidden}; not read`, file, range: [0, 0], hint: 'copy the configuration into the project instead of linking to it' };
    return { text: '', bytes: 0, findings: [finding], lost: false };
  }
  let data: Uint8Array;
  try {
    const stats = await stat(path.join(root, file));
    if (!stats.isFile()) return unreadable('not a regular file');
    if (stats.size > maxFileBytes) return unreadable(`file is ${Math.round(stats.size / 1048576)} MB; weft reads files of at most ${maxFileBytes / 1048576} MB`);
    data = await readFile(path.join(root, file));
  } catch (error) {
    return unreadable(`file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const decoded = decodeSource(file, data);
  if (decoded.finding) return { text: decoded.display ?? '', bytes: data.byteLength, findings: [decoded.finding], lost: true };
  return { text: decoded.text!, bytes: data.byteLength, lost: false };
}

/**
 * Known tokens in whole-line comments: a credential commented out is still in the repository.
 * (Values are checked as data; comments never reach the data.) A comment is prose, so a token's
 * shape written out with filler (`shpat_xxxx…`) is documentation, not a token.
 */
function commentedSecrets(file: string, text: string, mayHold = text.includes('#') && mayHoldToken(text)): Finding[] {
  if (!mayHold) return [];
  const findings: Finding[] = [];
  for (const comment of text.matchAll(/^[ \t]*#.*$/gm)) {
    const token = knownToken(comment[0], { realOnly: true });
    if (!token) continue;
    findings.push({
      severity: 'error',
      code: 'plaintext-secret',
      message: `this comment holds what looks like ${token}; it is in the repository even when commented out`,
      file,
      range: [comment.index!, comment.index! + comment[0].length],
      hint: 'remove it (and rotate it if it was ever real)',
    });
  }
  return findings;
}
