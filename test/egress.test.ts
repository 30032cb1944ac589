import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EgressGuard, EngineAddresses, parseEgressEntry, type Resolver } from '../src/runtime/egress.js';
import { HttpCallError, httpCall, type CallPolicy } from '../src/runtime/http-call.js';
import { engineToken, startEngine } from './helpers/remote-engine.js';
import { expectNoStackTrace, makeTemporaryDirectory, removeTemporaryDirectory, runWeft } from './helpers/run-weft.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The egress policy: which addresses the engine's requests may connect to, checked when they connect. */
const test = suite('egress');

let server: Server | undefined;
let port = 0;
let requests = 0;

test.before.each(async () => {
  requests = 0;
  server = createServer((_, response) => {
    requests++;
    response.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

test.after.each(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const policy = (egress: EgressGuard): CallPolicy => ({
  timeoutMs: 3000,
  maxResponseBytes: 1 << 20,
  retry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 100, on: [503] },
  egress,
});

/** A resolver that answers from a table (what a DNS server controlled by someone else could answer). */
function resolverOf(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = (hostname: string, callback: Parameters<Resolver>[1]) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  return Object.assign(resolve, { asked });
}

async function refusal(url: string, guard: EgressGuard): Promise<HttpCallError> {
  const started = performance.now();
  const error = await httpCall({ method: 'GET', url, headers: {} }, policy(guard)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.instance(error, HttpCallError, `${url} was not refused`);
  // Refused, not retried and not waited for: no connection was attempted.
  assert.is((error as HttpCallError).attempts, 1);
  assert.ok(performance.now() - started < 1000, 'a refusal is immediate');
  return error as HttpCallError;
}

test('entries: host names, *.domain, addresses and CIDR ranges; anything else is refused', () => {
  assert.equal(parseEgressEntry('API.Example.com.'), { host: 'api.example.com', wildcard: false });
  assert.equal(parseEgressEntry('*.myshopify.com'), { host: 'myshopify.com', wildcard: true });
  assert.equal(parseEgressEntry('10.0.0.0/8'), { range: '10.0.0.0/8' });
  assert.equal(parseEgressEntry('[2001:db8::]/32'), { range: '2001:db8::/32' });
  assert.equal(parseEgressEntry('192.0.2.7'), { range: '192.0.2.7' });
  for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/8/1', 'http://example.com', 'example.com:443', '*', 'a..b', '10.0.0.0/x', '']) {
    assert.is(parseEgressEntry(bad), undefined, bad);
  }
});

test('the default policy refuses link-local addresses (also IPv4-mapped) and allows the rest', () => {
  const guard = new EgressGuard(undefined, undefined);
  assert.match(guard.refusal('169.254.169.254', '169.254.169.254', 80)!, /169\.254\.169\.254 is link-local/);
  assert.match(guard.refusal('metadata.internal', '::ffff:169.254.169.254', 80)!, /metadata\.internal \(169\.254\.169\.254\) is link-local/);
  assert.match(guard.refusal('x', '::ffff:a9fe:a9fe', 80)!, /link-local/);
  assert.match(guard.refusal('x', 'fe80::1', 80)!, /link-local/);
  for (const address of ['127.0.0.1', '10.1.2.3', '93.184.216.34', '2001:db8::1', '169.253.255.255', '169.255.0.0']) {
    assert.is(guard.refusal('api.example.com', address, 443), undefined, address);
  }
});

test('an allow list restricts; an allowed name does not open link-local, an allowed range does; deny wins', () => {
  const guard = new EgressGuard({ allow: ['api.example.com', '*.myshopify.com', '10.0.0.0/8', '169.254.10.0/24'], deny: ['10.9.0.0/16', 'admin.myshopify.com'] }, undefined);
  assert.is(guard.refusal('api.example.com', '93.184.216.34', 443), undefined);
  assert.is(guard.refusal('acme.myshopify.com', '23.227.38.65', 443), undefined);
  assert.match(guard.refusal('myshopify.com', '23.227.38.65', 443)!, /not in spec\.egress\.allow/, '*.domain is for subdomains');
  assert.match(guard.refusal('other.example.com', '93.184.216.34', 443)!, /not in spec\.egress\.allow/);
  assert.is(guard.refusal('anything.internal', '10.1.2.3', 443), undefined, 'allowed by address');
  assert.match(guard.refusal('anything.internal', '10.9.0.1', 443)!, /denied by spec\.egress\.deny/);
  assert.match(guard.refusal('admin.myshopify.com', '23.227.38.65', 443)!, /denied by spec\.egress\.deny/);
  // A name on the allow list that resolves to the metadata service (DNS rebinding) stays refused.
  assert.match(guard.refusal('api.example.com', '169.254.169.254', 80)!, /link-local/);
  assert.is(guard.refusal('ntp.internal', '169.254.10.5', 123), undefined, 'a link-local range allowed by address');
  // Before any lookup: a name not allowed, with no range that it could resolve into, is refused at once.
  assert.is(new EgressGuard({ allow: ['api.example.com'] }, undefined).hostRefusal('evil.example.com', 443), 'evil.example.com is not in spec.egress.allow');
  assert.is(guard.hostRefusal('evil.example.com', 443), undefined, 'it may resolve into 10.0.0.0/8: decided on the address');
});

test('metadata addresses outside link-local, and link-local reached through NAT64, are refused by default', () => {
  const guard = new EgressGuard(undefined, undefined);
  assert.match(guard.refusal('x', 'fd00:ec2::254', 80)!, /link-local/);
  assert.match(guard.refusal('x', '100.100.100.200', 80)!, /link-local/);
  assert.match(guard.refusal('x', '64:ff9b::a9fe:a9fe', 80)!, /x \(169\.254\.169\.254\) is link-local/);
  assert.match(guard.refusal('x', '64:ff9b::169.254.169.254', 80)!, /link-local/);
  assert.is(guard.refusal('x', '100.100.100.201', 80), undefined);
  assert.is(guard.refusal('x', '64:ff9b::5db8:d822', 80), undefined, 'NAT64 to an ordinary address');
});

test("the engine's own address: the port it listens on, on every local address when it listens on all", () => {
  const loopback = new EngineAddresses();
  loopback.listening('127.0.0.1', 8080);
  const guard = new EgressGuard(undefined, loopback);
  assert.match(guard.refusal('127.0.0.1', '127.0.0.1', 8080)!, /port 8080 is the engine's own address/);
  assert.match(guard.refusal('0.0.0.0', '0.0.0.0', 8080)!, /engine's own address/, '0.0.0.0 reaches loopback listeners');
  assert.is(guard.refusal('127.0.0.1', '127.0.0.1', 8081), undefined, 'another port of the machine');
  const everywhere = new EngineAddresses();
  everywhere.listening('0.0.0.0', 9000);
  const wide = new EgressGuard(undefined, everywhere);
  assert.match(wide.refusal('localhost', '127.0.0.1', 9000)!, /engine's own address/);
  assert.match(wide.refusal('localhost', '::1', 9000)!, /engine's own address/);
  assert.is(wide.refusal('api.example.com', '93.184.216.34', 9000), undefined);
  const named = new EngineAddresses();
  named.listening('localhost', 7000);
  assert.match(new EgressGuard(undefined, named).refusal('x', '127.0.0.5', 7000)!, /engine's own address/);
});

test('a request is refused on the address the socket connects to: a name resolving to a denied address never connects', async () => {
  const guard = new EgressGuard({ deny: ['127.0.0.0/8'] }, undefined);
  const error = await refusal(`http://localhost:${port}/orders`, guard);
  assert.match(error.message, new RegExp(`^GET http://localhost:${port}/orders failed after 1 attempt: refused by the egress policy: localhost \\(127\\.0\\.0\\.1\\) is denied by spec\\.egress\\.deny$`));
  assert.is(requests, 0);
});

test("the socket uses the policy's lookup: a name is connected to at the address the check allowed", async () => {
  const resolver = resolverOf({ 'api.partner.test': ['127.0.0.1'] });
  const guard = new EgressGuard({ allow: ['api.partner.test'] }, undefined, resolver);
  const response = await httpCall({ method: 'GET', url: `http://api.partner.test:${port}/x`, headers: {} }, policy(guard));
  assert.is(response.status, 200);
  assert.is(requests, 1);
  assert.equal(resolver.asked, ['api.partner.test']);
});

test('DNS rebinding: an allowed name that resolves to the metadata service is refused when connecting', async () => {
  const resolver = resolverOf({ 'a.attacker.test': ['169.254.169.254'], 'b.attacker.test': ['169.254.169.254', '127.0.0.1'] });
  const guard = new EgressGuard({ allow: ['*.attacker.test'] }, undefined, resolver);
  const error = await refusal('http://a.attacker.test/latest/meta-data/', guard);
  assert.match(error.message, /a\.attacker\.test \(169\.254\.169\.254\) is link-local/);
  // Of several addresses, only the allowed ones are connected to.
  const response = await httpCall({ method: 'GET', url: `http://b.attacker.test:${port}/`, headers: {} }, policy(guard));
  assert.is(response.status, 200);
  assert.is(requests, 1);
});

test('a kept-alive socket opened under one policy is not reused past a stricter one', async () => {
  const open = await httpCall({ method: 'GET', url: `http://localhost:${port}/a`, headers: {} }, policy(new EgressGuard(undefined, undefined)));
  assert.is(open.status, 200);
  const error = await refusal(`http://localhost:${port}/b`, new EgressGuard({ deny: ['127.0.0.0/8', '::1'] }, undefined));
  assert.match(error.message, /refused by the egress policy: localhost \((127\.0\.0\.1|::1)\) is denied by spec\.egress\.deny/);
  assert.is(requests, 1);
});

test('a name with no address is a lookup failure (retried like one), not a refusal', async () => {
  const guard = new EgressGuard(undefined, undefined, resolverOf({ 'empty.test': [] }));
  const error = await httpCall({ method: 'GET', url: 'http://empty.test/', headers: {} }, { ...policy(guard), retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1, on: [] } }).then(
    () => undefined,
    (caught: unknown) => caught as HttpCallError,
  );
  assert.ok(error);
  assert.match(error.message, /failed after 2 attempts: getaddrinfo ENOTFOUND empty\.test$/);
});

test('a literal address is checked without a lookup; the default policy still reaches ordinary servers', async () => {
  const resolver = resolverOf({});
  const error = await refusal('http://169.254.169.254/latest/meta-data/', new EgressGuard(undefined, undefined, resolver));
  assert.match(error.message, /^GET http:\/\/169\.254\.169\.254\/latest\/meta-data\/ failed after 1 attempt: refused by the egress policy: 169\.254\.169\.254 is link-local/);
  assert.equal(resolver.asked, []);
  const own = new EngineAddresses();
  own.listening('127.0.0.1', port);
  const refused = await refusal(`http://127.0.0.1:${port}/v1/runs`, new EgressGuard(undefined, own));
  assert.match(refused.message, /engine's own address/);
  assert.is(requests, 0);
  const response = await httpCall({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} }, policy(new EgressGuard(undefined, undefined)));
  assert.is(response.status, 200);
});

test("weft engine start: a flow calling the engine's own admin API is refused; validate warns about it first", async () => {
  const engine = await startEngine({ WEFT_SECRET_KEY: 'egress test key' });
  const project = await makeTemporaryDirectory('weft-egress-');
  try {
    const files: Record<string, string> = {
      'weft.yaml': `apiVersion: weft/v1\nkind: Project\nmetadata: { name: egress }\nspec:\n  engine: { url: "${engine.url}", token: "\${env:WEFT_ENGINE_TOKEN}" }\n`,
      'connectors/self.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: self }
spec:
  version: 1.0.0
  settings:
    type: object
    properties: { url: { type: string } }
  http:
    baseUrl: "{{settings.url}}"
  endpoints:
    runs: { method: GET, path: /v1/runs, records: runs }
`,
      'instances.yaml': `apiVersion: weft/v1\nkind: Instance\nmetadata: { name: self }\nspec:\n  connector: self\n  settings: { url: "${engine.url}" }\n`,
      'flow.yaml': `apiVersion: weft/v1\nkind: Flow\nmetadata: { name: peek }\nspec:\n  trigger: { manual: {} }\n  steps:\n    - id: read\n      receive: { instance: self, endpoint: runs }\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(project, name)), { recursive: true });
      await writeFile(path.join(project, name), text);
    }
    const env = { WEFT_ENGINE_TOKEN: engineToken };
    const validate = await runWeft(['validate', project], { env });
    assert.match(validate.stdout + validate.stderr, /warning\[egress-refused\]: instance 'self': the base URL 'http:\/\/127\.0\.0\.1:\d+' is refused by the egress policy: 127\.0\.0\.1 port \d+ is the engine's own address/);
    const apply = await runWeft(['apply', project], { env });
    assert.is(apply.code, 0, apply.stdout + apply.stderr);
    const run = await runWeft(['run', 'peek', project], { env });
    expectNoStackTrace(run);
    assert.is(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /refused by the egress policy: 127\.0\.0\.1 port \d+ is the engine's own address/);
    // The engine never answered its own flow: no 401 from its admin API in the error (a run id
    // made at 14:40 holds '401': the answer is what is looked for).
    assert.not.match(run.stdout, /answered 401/);
  } finally {
    await engine.stop();
    await removeTemporaryDirectory(project);
  }
});

test.run();
