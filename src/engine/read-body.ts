import type { IncomingMessage } from 'node:http';

/**
 * A request's raw body, at most `limit` bytes: a declared length over it is refused before a byte
 * is read, a body that grows past it as it arrives. `tooLarge` is the refusal to throw.
 */
export async function readLimited(request: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    request.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
