/** LSP positions (0-based lines, UTF-16 characters) and source offsets of one text. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

const startsOf = new Map<string, number[]>();

/** Offsets of each line's start; worked out once per text while it is among the latest seen. */
function lineStarts(text: string): number[] {
  let starts = startsOf.get(text);
  if (!starts) {
    starts = [0];
    for (let index = 0; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (char === 10) starts.push(index + 1);
      else if (char === 13 && text.charCodeAt(index + 1) !== 10) starts.push(index + 1);
    }
    if (startsOf.size > 64) startsOf.clear();
    startsOf.set(text, starts);
  }
  return starts;
}

export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  const clamped = Math.max(0, Math.min(offset, text.length));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= clamped) low = middle;
    else high = middle - 1;
  }
  return { line: low, character: clamped - starts[low]! };
}

export function offsetAt(text: string, position: Position): number {
  const starts = lineStarts(text);
  if (position.line >= starts.length) return text.length;
  const start = starts[Math.max(0, position.line)]!;
  const next = position.line + 1 < starts.length ? starts[position.line + 1]! : text.length;
  return Math.min(start + Math.max(0, position.character), next);
}

export function rangeOf(text: string, [start, end]: readonly [number, number]): Range {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}

/** The text of the line an offset is on, up to and from the offset. */
export function lineAround(text: string, offset: number): { before: string; after: string; lineStart: number } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  return { before: text.slice(lineStart, offset), after: text.slice(offset, lineEnd).replace(/\r$/, ''), lineStart };
}
