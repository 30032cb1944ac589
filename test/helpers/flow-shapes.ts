import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as assert from 'uvu/assert';
import type { Bundle } from '../../src/compile/compile-bundle.js';
import { compileProject } from '../../src/pipeline/compile-project.js';
import { removeProject, writeProject } from './temp-project.js';

/** A request the simulated API received. */
export interface Received {
  method: string;
  path: string;
  body: unknown;
  key?: string;
  authorization?: string;
}

/**
 * A simulated API on 127.0.0.1 for flow shapes: it takes records by POST at any path, keeps
 * them, and answers what `answer` says (201 by default; a refusal as a 422 with a JSON error,
 * as a validating ERP does). Bearer auth: anything but the instance's token is a 401.
 */
export interface ShapeApi {
  port: number;
  received: Received[];
  /** Bodies received at a path, in order. */
  at(path: string): unknown[];
  answer: (request: Received) => { status: number; body?: unknown; delayMs?: number } | undefined;
  close(): Promise<void>;
}

export async function startShapeApi(): Promise<ShapeApi> {
  const api: ShapeApi = {
    port: 0,
    received: [],
    at: (path) => api.received.filter((request) => request.path === path).map((request) => request.body),
    answer: () => undefined,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      if (request.headers.authorization !== 'Bearer api-token') {
        response.writeHead(401, { 'content-type': 'application/json' });
        return response.end('{"error":"unauthorized"}');
      }
      const received: Received = { method: request.method!, path: new URL(request.url!, 'http://api').pathname, body: text === '' ? undefined : JSON.parse(text), key: request.headers['idempotency-key'] as string | undefined };
      api.received.push(received);
      const answer = api.answer(received) ?? { status: 201, body: { ok: true } };
      const reply = () => {
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer.body ?? {}));
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.port = (server.address() as AddressInfo).port;
  return api;
}

/** The connector and instance every shape test sends to: `push` POSTs a record to /<queue>, `find` GETs /<queue>/<id>. */
export function apiFiles(port: number): Record<string, string> {
  return {
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: shapes }\n',
    'api.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: api }
spec:
  version: 1.0.0
  http:
    baseUrl: "http://127.0.0.1:{{settings.port}}"
    retry: { maxAttempts: 2, initialDelayMs: 1, on: [503] }
  settings: { type: object, properties: { port: { type: integer } }, required: [port] }
  credentials: { token: {} }
  auth:
    bearer: { type: bearer, token: "{{credentials.token}}" }
  endpoints:
    push:
      method: POST
      path: /{{input.queue}}
      inputs: { queue: { type: string } }
      body: "{{record}}"
      idempotent: true
    bulk:
      method: POST
      path: /bulk/{{input.queue}}
      inputs: { queue: { type: string } }
      body: { items: "{{records}}" }
    find:
      path: /{{input.queue}}/{{input.id}}
      inputs: { queue: { type: string }, id: { type: string } }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: api }
spec:
  connector: api
  settings: { port: ${port} }
  credentials: { token: "\${secret:api/token}" }
`,
  };
}

/** How the tests' placeholders resolve: the API's token is a secret. */
export const resolveShapes = (placeholder: { source: string; name: string }) => (placeholder.source === 'secret' && placeholder.name === 'api/token' ? 'api-token' : undefined);

/** Compiles the API's files with the given flows (and other files) for real; the project must be clean. */
export async function shapeBundle(port: number, files: Record<string, string>): Promise<Bundle> {
  const root = await writeProject({ ...apiFiles(port), ...files });
  try {
    const result = await compileProject(root);
    assert.equal(result.diagnostics, [], JSON.stringify(result.diagnostics, null, 2));
    return result.bundle!;
  } finally {
    await removeProject(root);
  }
}

/** A manual flow document with the given steps (YAML, indented under `steps:`). */
export function flowFile(name: string, steps: string, spec = ''): string {
  return `apiVersion: weft/v1
kind: Flow
metadata: { name: ${name} }
spec:
  trigger: { manual: {} }
${spec}  steps:
${steps}`;
}
