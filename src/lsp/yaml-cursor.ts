import { isMap, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import { parseYamlDocuments } from '../parse/parse-file.js';

/** Where a cursor is in a YAML file: the document, the path to the node, and whether on a key or a value. */
export interface Cursor {
  /** Index of the document within its file. */
  document: number;
  /** Keys and indexes from the document's root down to the node. */
  path: (string | number)[];
  /** On a mapping's key (the last segment of `path`) or on its value. */
  role: 'key' | 'value';
  /** The scalar under the cursor (the key's, on a key); undefined on an empty value or a collection. */
  scalar?: Scalar;
}

/** A file's documents, parsed once per text (an editor asks several questions of one version). */
const parsedTexts = new Map<string, Document.Parsed[]>();

export function documentsOf(text: string): Document.Parsed[] {
  let documents = parsedTexts.get(text);
  if (!documents) {
    documents = parseYamlDocuments(text);
    if (parsedTexts.size > 64) parsedTexts.clear();
    parsedTexts.set(text, documents);
  }
  return documents;
}

/** The node at a source offset. On an empty value (`instance: |`), the value of that key. */
export function cursorAt(text: string, offset: number): Cursor | undefined {
  const documents = documentsOf(text);
  const index = documents.findIndex((document, at) => offset >= (document.range?.[0] ?? 0) && (offset <= (document.range?.[2] ?? text.length) || at === documents.length - 1));
  if (index === -1) return undefined;
  const found = walk(documents[index]!.contents as Node | null, offset, []);
  return found && { document: index, ...found };
}

function walk(node: Node | null, offset: number, path: (string | number)[]): Omit<Cursor, 'document'> | undefined {
  if (isScalar(node)) return within(node, offset) ? { path, role: 'value', scalar: node } : undefined;
  if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      if (within(item as Node, offset)) return walk(item as Node, offset, [...path, index]) ?? { path: [...path, index], role: 'value' };
    }
    return undefined;
  }
  if (!isMap(node)) return undefined;
  for (const [index, pair] of node.items.entries()) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || !key.range) continue;
    const name = String(key.value);
    if (offset >= key.range[0] && offset <= key.range[1]) return { path: [...path, name], role: 'key', scalar: key };
    const value = pair.value as Node | null;
    if (value && within(value, offset)) return walk(value, offset, [...path, name]) ?? { path: [...path, name], role: 'value' };
    // An empty value: from its key's end to the next key (or the mapping's end).
    const next = (node.items[index + 1]?.key as Node | null | undefined)?.range?.[0] ?? node.range?.[1] ?? Infinity;
    if ((value === null || (isScalar(value) && value.value === null && value.source === '')) && offset > key.range[1] && offset < next) {
      return { path: [...path, name], role: 'value' };
    }
  }
  return undefined;
}

function within(node: Node | null | undefined, offset: number): boolean {
  return !!node?.range && offset >= node.range[0] && offset <= node.range[1];
}

/** The node a path names in a document, if it is there. */
export function nodeAtPath(document: Document, path: readonly (string | number)[]): Node | undefined {
  let node = document.contents as Node | null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      node = (pair?.value as Node | null) ?? null;
    } else if (isSeq(node)) {
      node = (node.items[Number(segment)] as Node | undefined) ?? null;
    } else {
      return undefined;
    }
    if (!node) return undefined;
  }
  return node ?? undefined;
}

/**
 * The source span of a scalar's text, inside its quotes for a quoted one: what an edit that
 * replaces the value replaces (the quotes and any comment after stay).
 */
export function valueSpan(scalar: Scalar): [number, number] | undefined {
  if (!scalar.range) return undefined;
  const [start, end] = scalar.range;
  return scalar.type === 'QUOTE_SINGLE' || scalar.type === 'QUOTE_DOUBLE' ? [start + 1, end - 1] : [start, end];
}
