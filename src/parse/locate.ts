import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { pointerSegments } from './pointer.js';

/**
 * The source range of the node a JSON pointer names in a YAML document. With `atKey`, the range
 * of the key that holds it (for a missing property: the parent mapping's key). Where the pointer
 * leaves the tree (an alias, a missing key), the deepest node reached is used.
 */
export function locatePointer(document: Document, pointer: string, atKey = false, text?: string, within?: [number, number]): [number, number] {
  let node: Node | null = document.contents as Node | null;
  let key: Node | null = null;
  for (const segment of pointerSegments(pointer)) {
    if (isMap(node)) {
      const pair = pairsByKey(node).get(segment);
      if (!pair) break;
      key = pair.key as Node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item || !/^\d+$/.test(segment)) break;
      key = null;
      node = item;
    } else {
      break;
    }
  }
  const target = atKey && key ? key : node ?? key;
  if (within && text !== undefined && isScalar(target)) {
    const inner = locateInScalar(target, text, within);
    if (inner) return inner;
  }
  if (isMap(target) && target.items.length > 0 && !target.flow) {
    // A whole block mapping spans many lines: point at its first key instead.
    const first = target.items[0]!.key as Node | null;
    if (first?.range) return [first.range[0], first.range[1]];
  }
  if (isSeq(target) && !target.flow && target.range) return [target.range[0], target.range[0] + 1];
  if (target?.range) return [target.range[0], target.range[1]];
  const contents = document.contents as Node | null;
  if (contents?.range) return [contents.range[0], contents.range[0]];
  return [document.range?.[0] ?? 0, document.range?.[0] ?? 0];
}

const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/**
 * A mapping's pairs by key, built once per mapping: a mapping of 200,000 unknown keys has as many
 * findings to locate, and searching its items for each would be quadratic. For a repeated key,
 * the last pair: that is the value the document's data holds.
 */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) if (isScalar(pair.key)) index.set(String(pair.key.value), pair);
    pairIndexes.set(map, index);
  }
  return index;
}

/**
 * Source offsets of a stretch [start, end) of a literal block scalar's value (`map: |` over
 * several lines), so a problem inside it lands on its own line rather than on the `|`. Other
 * scalars sit on one line and are pointed at whole; undefined for them.
 */
function locateInScalar(scalar: Scalar, text: string, [start, end]: [number, number]): [number, number] | undefined {
  if (!scalar.range || typeof scalar.value !== 'string') return undefined;
  // A one-line plain or quoted value whose source is its text (no escapes, no folding): offsets map directly.
  if (scalar.type === 'PLAIN' || scalar.type === 'QUOTE_SINGLE' || scalar.type === 'QUOTE_DOUBLE') {
    const quote = scalar.type === 'PLAIN' ? 0 : 1;
    const source = text.slice(scalar.range[0] + quote, scalar.range[0] + quote + scalar.value.length);
    if (source !== scalar.value || scalar.value.includes('\n')) return undefined;
    const from = scalar.range[0] + quote + Math.min(start, scalar.value.length);
    return [from, from + Math.max(1, Math.min(end, scalar.value.length) - start)];
  }
  if (scalar.type !== 'BLOCK_LITERAL') return undefined;
  const source = text.slice(scalar.range[0], scalar.range[1]);
  const value = scalar.value;
  // Value line i is source line i + 1 (after the header), less the block's indentation.
  const sourceLines = source.split('\n').map((line) => line.replace(/\r$/, ''));
  const valueLines = value.split('\n');
  let lineStart = 0;
  for (let line = 0; line < valueLines.length; line++) {
    const lineEnd = lineStart + valueLines[line]!.length;
    if (start <= lineEnd) {
      const sourceLine = sourceLines[line + 1];
      if (sourceLine === undefined || !sourceLine.endsWith(valueLines[line]!)) return undefined;
      const sourceLineStart = scalar.range[0] + source.split('\n').slice(0, line + 1).reduce((sum, part) => sum + part.length + 1, 0);
      const column = sourceLine.length - valueLines[line]!.length + (start - lineStart);
      const width = Math.max(1, Math.min(end, lineEnd) - start);
      return [sourceLineStart + column, sourceLineStart + column + width];
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
