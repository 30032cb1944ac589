import { isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import { pointerSegments } from './pointer.js';

/**
 * The source range of the node a JSON pointer names in a YAML document. With `atKey`, the range
 * of the key that holds it (for a missing property: the parent mapping's key). Where the pointer
 * leaves the tree (an alias, a missing key), the deepest node reached is used.
 */
export function locatePointer(document: Document, pointer: string, atKey = false): [number, number] {
  let node: Node | null = document.contents as Node | null;
  let key: Node | null = null;
  for (const segment of pointerSegments(pointer)) {
    if (isMap(node)) {
      // The last of repeated keys: that is the value the document's data holds.
      const pair: Pair | undefined = node.items.findLast((item) => isScalar(item.key) && String(item.key.value) === segment);
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
