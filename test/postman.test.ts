import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { expectImportedProjectValidates, expectReimportWritesNothing, validateAndRun } from './helpers/imported.js';
import { expectExit, expectNoStackTrace, makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft } from './helpers/run-weft.js';
import { isSecretLikeKey, looksRandom } from '../src/lex/secrets.js';

/**
 * `weft import postman`, black-box: two real collections (Postman Echo, v2.0, from newman's
 * tests; the code generators' basic collection, v2.1) and two written for these tests (v2.1:
 * nested folders, variables with secret values, every auth, path variables, saved responses with
 * pages; and secrets hidden where names do not give them away) become connectors that match
 * their golden files, validate, and never carry a secret.
 */
const test = suite('postman');

const fixtures = path.join('test', 'fixtures', 'postman');
const collections = ['acme-shop', 'postman-echo', 'code-generators-basic', 'hostile-secrets'];

/** The written collection's secrets: each is a value in it somewhere (variables, auths, headers, query, a description). */
const acmeSecrets = [
  'sk_live_51Hq8Zt2eKxR9mB4vN7pQ3wYd',
  'sk_live_9Vb3Kd7Lm2Qx8Rt5Zw1Yp4Nc',
  'sk_live_3Jd8Kq2Lx9Vb7Nm4Zt6Wr1Yc',
  'whsec_4fT9kQ2mL7xV1bN8',
  'ck_9f8e7d6c5b4a3210',
  'hunter2-Acme-admin-pw',
  'cs_live_8f2Kq9Lm3Zx7Vb4N',
  'cs_live_2Nf7Hq4Kx8Lm1Zb6',
  'eyJhbGciOiJIUzI1NiJ9',
  'digest-pw-do-not-copy',
  'sk_live',
];
/** Postman Echo's demo secrets: a bearer token and a Basic header written out, OAuth 1 and 2 client secrets, in auths, headers, forms and descriptions. */
const echoSecrets = ['vp7jxTwqgczoFHs0uIdOvv4VdBWmvCkbVbNBCuaTQ3JZplPS40BaNV47HD1zt7MztQPILJvqYsOs6PfJpFYBgwbaE3CVEKOj', 'cG9zdG1hbjpwYXNzd29yZA==', 'D+EdQ-gs$-%@2Nu7', 'RKCGzna7bv9YD57c', 'ssh-secret'];

/**
 * hostile-secrets.json's secrets, each somewhere a name does not say it is one: (a) a variable
 * `apikey`, (b) literal header and query values, (c) the password of the base URL variable, (d)
 * tokens in request paths (Telegram, Slack, Discord) and a Slack webhook URL variable, (e) an
 * OAuth 2 access token URL's client_secret, (f) letters-only passwords (an auth's, a secret
 * variable's) repeated in descriptions. And a password in a left-out request's URL.
 */
const hostileSecrets = [
  'Q7XK2M9P4RZ8T1VB',
  '3f9a8c7e6d5b4a3f2e1d0c9b8a7f6e5d',
  'c2Vzc2lvbi10b2tlbi0xMjM0NTY3ODkw',
  '7Kp2Wq9Zr4Tn8Vb3Ym6H',
  'cHJveHk6cHc0NTY',
  'Hq7Lm2Xz9Pw4Rt8K',
  'Sup3rS3cret',
  'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
  '8nY3HxGm2vLpQ4rT7wZk1cJb',
  'Xq3vB8nM2kL7pR9tW4yZ6cJ1hF5gD0sAeUoIiQwErTyUiOpAsDfGhJkLzXcVbNm12345',
  'Zx81Kq02Lm93',
  'client_secret=',
  'correcthorsebattery',
  'staplebatteryhorse',
  'Hk4Lp9Qz2Wm7Xc5V',
  'Wr8kQz3mVt',
];

/** Each secret is in neither stream of the printing run nor the --out run, nor in the file it writes. */
async function expectNoSecrets(name: string, secrets: readonly string[], directory: string): Promise<{ stdout: string; stderr: string }> {
  const printed = await importCollection(name);
  expectExit(printed, 0);
  const target = path.join(directory, `${name}.yaml`);
  const wrote = await runWeft(['import', 'postman', path.join(repoRoot, fixtures, `${name}.json`), '--name', name, '--out', target]);
  expectExit(wrote, 0);
  const file = await readFile(target, 'utf8');
  for (const secret of secrets) {
    for (const [where, text] of [['stdout', printed.stdout], ['stderr', printed.stderr], ['--out stdout', wrote.stdout], ['--out stderr', wrote.stderr], ['the file', file]]) {
      assert.not.ok(text!.includes(secret), `${name}: ${secret} in ${where}`);
    }
  }
  // Credentials are declared, never given a value.
  const connector = parse(printed.stdout);
  for (const credential of Object.values(connector.spec.credentials ?? {}) as Record<string, unknown>[]) assert.ok(Object.keys(credential).every((key) => key === 'description' || key === 'required'), JSON.stringify(credential));
  return printed;
}

let scratch = '';
test.before.each(async () => {
  scratch = await makeTemporaryDirectory('weft-postman-');
});
test.after.each(async () => {
  await removeTemporaryDirectory(scratch);
});

function importCollection(name: string, ...args: string[]) {
  return runWeft(['import', 'postman', path.join(fixtures, `${name}.json`), '--name', name, ...args], { cwd: repoRoot });
}

test('each collection imports to its golden connector, the same bytes every time', async () => {
  for (const name of collections) {
    const first = await importCollection(name);
    expectExit(first, 0);
    const expected = await readFile(path.join(repoRoot, fixtures, 'expected', `${name}.yaml`), 'utf8');
    assert.fixture(first.stdout, expected, name);
    const second = await importCollection(name);
    assert.is(second.stdout, first.stdout, `${name} is not deterministic`);
    assert.is(second.stderr, first.stderr, `${name}'s notes are not deterministic`);
  }
});

test('every imported connector validates (no errors) in a project of its own, and --out writes the file', async () => {
  await writeFile(path.join(scratch, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: imported }\n');
  for (const name of collections) {
    const wrote = await runWeft(['import', 'postman', path.join(repoRoot, fixtures, `${name}.json`), '--name', name, '--out', path.join(scratch, 'connectors', `${name}.yaml`)]);
    expectExit(wrote, 0);
    assert.match(wrote.stdout, new RegExp(`connector '${name}' with \\d+ endpoints`));
    const printed = await importCollection(name);
    assert.is(await readFile(path.join(scratch, 'connectors', `${name}.yaml`), 'utf8'), printed.stdout, `${name}: --out wrote other bytes than it prints`);
    // Round-trip stable: importing again over the file changes nothing.
    await expectReimportWritesNothing('postman', path.join(repoRoot, fixtures, `${name}.json`), name, path.join(scratch, 'connectors', `${name}.yaml`), printed.stdout);
  }
  await expectImportedProjectValidates(scratch);
});

test('what the collection says becomes weft: base URL, variables as settings, auths as auth methods, inputs, bodies, pages and records marked "check:"', async () => {
  const imported = await importCollection('acme-shop');
  expectExit(imported, 0);
  const connector = parse(imported.stdout);
  const { spec } = connector;
  // {{baseUrl}} is the base URL: a setting with the variable's value as default, paths relative to it.
  assert.is(spec.http.baseUrl, '{{settings.baseUrl}}');
  assert.equal(spec.settings.properties.baseUrl, { type: 'string', format: 'uri', description: "The API's base URL (the collection's {{baseUrl}})", default: 'https://api.acme-shop.example/v1' });
  assert.equal(spec.settings.properties.shopId, { type: 'string', description: 'The shop the requests work on', default: 'shop_1234' });
  // Variables only an auth uses (its token, user, key) are that auth's credentials, not settings.
  assert.equal(Object.keys(spec.settings.properties), ['baseUrl', 'shopId', 'region']);
  assert.equal(spec.auth.bearer, { type: 'bearer', token: '{{credentials.bearerToken}}' });
  assert.equal(spec.auth.customers, { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: '{{credentials.customersApiKey}}' });
  assert.equal(spec.auth.admin, { type: 'basic', username: '{{credentials.adminUsername}}', password: '{{credentials.adminPassword}}' });
  assert.equal(spec.auth.partners, {
    type: 'oauth2',
    grant: 'client_credentials',
    tokenUrl: '{{settings.baseUrl}}/oauth/token',
    clientId: '{{credentials.partnersClientId}}',
    clientSecret: '{{credentials.partnersClientSecret}}',
    scopes: ['partners.read', 'partners.write'],
  });
  assert.equal(spec.auth.searchProducts, { type: 'apiKey', in: 'query', name: 'key', value: '{{credentials.searchProductsApiKey}}' });
  // A secret-looking variable is a credential wherever it is sent; one nothing sends is not required.
  assert.is(spec.endpoints.listOrders.headers['X-Partner'], '{{credentials.partnerId}}');
  assert.equal(spec.credentials.webhookSecret, { description: "The collection's variable {{webhookSecret}}", required: false });

  const list = spec.endpoints.listOrders;
  assert.is(list.path, '/shops/{{settings.shopId}}/orders');
  assert.equal(list.pagination, { type: 'cursor', param: 'cursor', cursorPath: 'meta.next_cursor' });
  assert.is(list.records, 'data');
  // The cursor is the pagination's; a disabled parameter is an input a step may give; {{$guid}} an input.
  assert.equal(list.query, { status: '{{input.status}}', limit: '{{input.limit}}', expand: '{{input.expand}}' });
  assert.equal(list.inputs.status, { type: 'string', description: 'Only orders in this status: open, paid or shipped' });
  assert.is(list.headers['X-Request-Id'], '{{input.X-Request-Id}}');
  assert.is(list.headers['X-Debug'], undefined);
  assert.is(list.headers.Accept, undefined);
  assert.match(imported.stdout, /# check: pagination guessed from the cursor parameter and the answer's meta\.next_cursor \(saved response 'First page'\)\n\s+pagination:/);
  assert.equal(spec.endpoints.listCustomers.pagination, { type: 'page', param: 'page', sizeParam: 'per_page' });
  assert.equal(spec.endpoints.listAuditEvents.pagination, { type: 'offset', param: 'offset', limitParam: 'limit' });
  assert.equal(spec.endpoints.listPartners.pagination, { type: 'link-header' });
  // Path variables are inputs, with the collection's descriptions.
  assert.is(spec.endpoints.cancelRefund.path, '/orders/{{input.orderId}}/refunds/{{input.refundId}}');
  assert.equal(spec.endpoints.cancelRefund.inputs.refundId, { type: 'string', description: 'The refund to cancel' });
  assert.is(spec.endpoints.cancelRefund.idempotent, true);
  // Bodies are the record; a form is marked for a look.
  assert.is(spec.endpoints.createRefund.body, '{{record}}');
  assert.is(spec.endpoints.updateCustomer.body, '{{record}}');
  assert.match(imported.stdout, /# check: the collection sends a form \(x-www-form-urlencoded\) with email, name; weft sends the record as JSON\n\s+body:/);
  // The API key auth's own header is not also an endpoint header.
  assert.is(spec.endpoints.listCustomers.headers, undefined);
  // What weft cannot do is said, not silently dropped.
  assert.match(imported.stderr, /request 'Ping' \(HEAD\) left out/);
  assert.match(imported.stderr, /the digest auth of request 'Legacy stats' left out/);
  assert.match(imported.stderr, /pre-request and test scripts are left out/);

  // v2.0 (Postman Echo): auths written as objects, URLs as strings, an Authorization header written by hand.
  const echo = parse((await importCollection('postman-echo')).stdout);
  assert.is(echo.spec.settings.properties.baseUrl.default, 'https://postman-echo.com');
  assert.equal(echo.spec.auth.basicAuth, { type: 'basic', username: '{{credentials.basicAuthUsername}}', password: '{{credentials.basicAuthPassword}}' });
  assert.equal(echo.spec.auth.oAuth20GetResource, { type: 'bearer', token: '{{credentials.oAuth20GetResourceToken}}' });
  assert.equal(echo.spec.endpoints.setCookies.query, { foo1: '{{input.foo1}}', foo2: '{{input.foo2}}' });
});

test('no token, password, key or secret-looking value of a collection is written: not to stdout, stderr or the file', async () => {
  for (const [name, secrets] of [['acme-shop', acmeSecrets], ['postman-echo', echoSecrets]] as const) await expectNoSecrets(name, secrets, scratch);
  // The collection's fake key in a description is masked, the description kept.
  const acme = parse((await importCollection('acme-shop')).stdout);
  assert.is(acme.spec.endpoints.getOrder.description, 'One order. Try it with the key [redacted].');
  // Written as literals: a credential each, with no value.
  assert.is(acme.spec.endpoints.exportReport.headers['X-Client-Secret'], '{{credentials.xClientSecret}}');
  assert.is(acme.spec.endpoints.exportReport.query.api_key, '{{credentials.apiKey}}');
});

test('the secret test of names and values the importer relies on: apikey, subscription keys and sessions by name; random-looking values, not identifiers or media types', () => {
  for (const key of ['apikey', 'api-key', 'subscription-key', 'Ocp-Apim-Subscription-Key', 'session', 'X-Session']) assert.ok(isSecretLikeKey(key), key);
  for (const key of ['sessionId', 'sessions', 'function', 'datatype']) assert.not.ok(isSecretLikeKey(key), key);
  for (const value of ['Q7XK2M9P4RZ8T1VB', '3f9a8c7e6d5b4a3f2e1d0c9b8a7f6e5d', 'c2Vzc2lvbi10b2tlbi0xMjM0NTY3ODkw=', 'bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', '8nY3HxGm2vLpQ4rT7wZk1cJb']) assert.ok(looksRandom(value), value);
  for (const value of ['GLOBAL_QUOTE', 'application/json', 'en-US', 'T024BE7LD', '1234567890123456789', 'https://api.hostile.example']) assert.not.ok(looksRandom(value), value);
});

test('secrets a name does not give away are not written either: random-looking variables, header, query and path values, URL passwords, token URL queries, letters-only passwords', async () => {
  const printed = await expectNoSecrets('hostile-secrets', hostileSecrets, scratch);
  const { spec } = parse(printed.stdout);
  // (a) A variable named apikey whose value looks random is a credential, sent where the variable was; GLOBAL_QUOTE stays a setting's default.
  assert.is(spec.settings.properties.apikey, undefined);
  assert.equal(spec.credentials.apikey, { description: "The collection's variable {{apikey}}", required: false });
  assert.is(spec.endpoints.globalQuote.query.apikey, '{{credentials.apikey}}');
  assert.equal(spec.settings.properties.function, { type: 'string', description: "The collection's variable {{function}}", default: 'GLOBAL_QUOTE' });
  // A variable holding a webhook URL with a token in its path is a credential.
  assert.equal(spec.credentials.slackWebhook, { description: "The collection's variable {{slackWebhook}}", required: false });
  // (b) Literal header values: a subscription key and a session by their names, a random-looking value and a Proxy-Authorization whatever the name; plain values stay.
  assert.equal(spec.endpoints.globalQuote.headers, {
    'Ocp-Apim-Subscription-Key': '{{credentials.ocpApimSubscriptionKey}}',
    'X-Session': '{{credentials.xSession}}',
    'X-Trace': '{{credentials.xTrace}}',
    'Proxy-Authorization': '{{credentials.proxyAuthorization}}',
    'X-Format': 'GLOBAL_QUOTE',
    'Content-Language': 'en-US',
  });
  // A random-looking query literal is a credential; a plain one an input, as before.
  assert.is(spec.endpoints.globalQuote.query.sig, '{{credentials.sig}}');
  assert.is(spec.endpoints.globalQuote.query.datatype, '{{input.datatype}}');
  // (c) The base URL variable's user and password are left out, and said.
  assert.is(spec.settings.properties.baseUrl.default, 'https://api.hostile.example');
  assert.match(printed.stderr, /the collection's variable \{\{baseUrl\}\}: the user and password in its URL are left out/);
  assert.not.ok(printed.stdout.includes('@api.hostile.example'));
  // (d) Tokens in paths are credentials: Telegram's after its 'bot', one for every request that sends it; Slack's and Discord's webhook tokens. Their ids stay.
  assert.is(spec.endpoints.getMe.path, '/bot{{credentials.botToken}}/getMe');
  assert.is(spec.endpoints.sendMessage.path, '/bot{{credentials.botToken}}/sendMessage');
  assert.is(spec.endpoints.postToSlack.path, '/services/T024BE7LD/B01ABCDEF12/{{credentials.pathToken}}');
  assert.is(spec.endpoints.postToDiscord.path, '/api/webhooks/1234567890123456789/{{credentials.pathToken2}}');
  assert.equal(spec.credentials.botToken, { description: "Sent in the URL path of request 'Get me' after 'bot' (the collection has a value for it, not copied)", required: false });
  // An endpoint named from its path (the request's name has no Latin letters) is not named after the token.
  assert.is(spec.endpoints.getByTokenGetUpdates.path, '/bot{{credentials.botToken}}/getUpdates');
  // (e) The access token URL keeps its other parameters, not client_secret, and says so once.
  assert.is(spec.auth.oauth2.tokenUrl, 'https://auth.hostile.example/oauth/token?audience=quotes');
  assert.is(printed.stderr.match(/client_secret left out of the query of its access token URL/g)?.length, 1, printed.stderr);
  // (f) Letters-only passwords (a basic auth's, a secret variable's) are masked in descriptions like any other.
  assert.is(spec.endpoints.adminStatus.description, 'Log in as demo / [redacted].');
  assert.is(spec.endpoints.globalQuote.description, 'Try it with the key [redacted], the session [redacted] and the admin phrase [redacted].');
});

test('--tag chooses the requests of a folder at any depth, --operation by request or endpoint name; a name not in the collection is said', async () => {
  const nested = await importCollection('acme-shop', '--tag', 'Refunds');
  expectExit(nested, 0);
  const refunds = parse(nested.stdout);
  assert.equal(Object.keys(refunds.spec.endpoints), ['createRefund', 'cancelRefund']);
  // Only the collection's bearer auth is used: one auth method, its credential plainly named.
  assert.equal(refunds.spec.auth, { bearer: { type: 'bearer', token: '{{credentials.token}}' } });
  // The variables of auths not chosen are still no settings (their values are secrets).
  assert.equal(Object.keys(refunds.spec.settings.properties), ['baseUrl', 'shopId', 'region']);
  for (const secret of acmeSecrets) assert.not.ok(nested.stdout.includes(secret) || nested.stderr.includes(secret), secret);
  // An outer folder holds its subfolders' requests.
  const orders = await importCollection('acme-shop', '--tag', 'Orders');
  expectExit(orders, 0);
  assert.equal(Object.keys(parse(orders.stdout).spec.endpoints), ['listOrders', 'getOrder', 'createRefund', 'cancelRefund']);
  const two = await importCollection('acme-shop', '--tag', 'Admin', '--tag', 'Partners');
  expectExit(two, 0);
  assert.equal(Object.keys(parse(two.stdout).spec.endpoints), ['exportReport', 'listAuditEvents', 'listPartners']);

  const chosen = await importCollection('acme-shop', '--operation', 'List orders', '--operation', 'cancelRefund', '--operation', 'nope');
  expectExit(chosen, 0);
  assert.equal(Object.keys(parse(chosen.stdout).spec.endpoints), ['listOrders', 'cancelRefund']);
  assert.match(chosen.stderr, /no operation 'nope' in the collection/);
  assert.not.match(chosen.stderr, /'Ping'/);

  const none = await importCollection('acme-shop', '--tag', 'Payroll');
  expectExit(none, 1);
  expectNoStackTrace(none);
  assert.match(none.stderr, /no operation of acme-shop\.json matches --tag Payroll/);
});

test('a file that is not a v2.0/v2.1 collection is refused in one line, exit 1, no stack trace', async () => {
  await writeFile(path.join(scratch, 'broken.json'), '{ "info": { "name": "half a collection"');
  await writeFile(path.join(scratch, 'openapi.json'), JSON.stringify({ openapi: '3.0.3', info: { title: 'Not Postman', version: '1' }, paths: {} }));
  await writeFile(path.join(scratch, 'list.json'), '[{ "name": "a request" }]');
  await writeFile(path.join(scratch, 'v3.json'), JSON.stringify({ info: { name: 'Future', schema: 'https://schema.getpostman.com/json/collection/v3.0.0/collection.json' }, item: [] }));
  const cases: [string, RegExp][] = [
    [path.join(scratch, 'broken.json'), /^weft import: broken\.json is not JSON: /],
    // newman's example of the old format.
    [path.join(repoRoot, fixtures, 'v1-sample.json'), /^weft import: .*v1-sample\.json is a Postman collection v1; weft imports v2\.1 \(and v2\.0\): export it from Postman again as "Collection v2\.1"$/],
    [path.join(scratch, 'openapi.json'), /^weft import: openapi\.json is not a Postman collection: it has no 'info\.schema' naming the collection format/],
    [path.join(scratch, 'list.json'), /^weft import: list\.json is not a Postman collection: it is a JSON array/],
    [path.join(scratch, 'v3.json'), /^weft import: v3\.json is a Postman collection v3\.0\.0; weft imports v2\.1 and v2\.0$/],
  ];
  for (const [file, message] of cases) {
    const result = await runWeft(['import', 'postman', file, '--name', 'x'], { cwd: scratch });
    expectExit(result, 1);
    expectNoStackTrace(result);
    assert.is(result.stdout, '');
    assert.is(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(result.stderr.trimEnd(), message);
  }
});

test("an imported connector receives from a local server made from the collection's saved responses: its auth, its headers, its cursor pages", async () => {
  const collection = JSON.parse(await readFile(path.join(repoRoot, fixtures, 'acme-shop.json'), 'utf8'));
  const listOrders = collection.item.find((item: { name: string }) => item.name === 'Orders').item.find((item: { name: string }) => item.name === 'List orders');
  // The saved answers by the cursor their request was sent with ('' for the first page).
  const pages = new Map<string, string>();
  for (const response of listOrders.response as { code: number; body: string; originalRequest: { url: { query?: { key: string; value: string }[] } } }[]) {
    if (response.code !== 200) continue;
    pages.set(response.originalRequest.url.query?.find((parameter) => parameter.key === 'cursor')?.value ?? '', response.body);
  }
  const records = [...pages.values()].flatMap((body) => (JSON.parse(body) as { data: unknown[] }).data);
  const seen: { path: string; authorization: string | undefined; partner: string | undefined }[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://127.0.0.1');
    seen.push({ path: `${url.pathname}${url.search}`, authorization: request.headers.authorization, partner: request.headers['x-partner'] as string | undefined });
    if (request.headers.authorization !== 'Bearer shop-token-for-tests-5521') {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    const page = pages.get(url.searchParams.get('cursor') ?? '');
    if (url.pathname !== '/v1/shops/shop_1234/orders' || page === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const project = path.join(scratch, 'project');
    await mkdir(path.join(project, 'connectors'), { recursive: true });
    await writeFile(path.join(project, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: imported }\nspec:\n  testing: { warnUntestedFlows: false }\n');
    expectExit(await runWeft(['import', 'postman', path.join(repoRoot, fixtures, 'acme-shop.json'), '--name', 'acme-shop', '--out', path.join(project, 'connectors', 'acme-shop.yaml')]), 0);
    const port = (server.address() as AddressInfo).port;
    await writeFile(
      path.join(project, 'instance.yaml'),
      `apiVersion: weft/v1\nkind: Instance\nmetadata: { name: local-shop }\nspec:\n  connector: acme-shop@^1.0\n  auth: bearer\n  settings: { baseUrl: "http://127.0.0.1:${port}/v1" }\n  credentials: { bearerToken: "\${env:SHOP_TOKEN}", partnerId: "\${env:PARTNER_ID}" }\n`,
    );
    await writeFile(
      path.join(project, 'flow.yaml'),
      'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: copy-orders }\nspec:\n  trigger: { manual: {} }\n  steps:\n    - id: orders\n      receive: { instance: local-shop, endpoint: listOrders, input: { status: paid } }\n    - id: shape\n      map: \'{ "id": id, "total": total }\'\n',
    );
    const env = { SHOP_TOKEN: 'shop-token-for-tests-5521', PARTNER_ID: 'partner-for-tests-8830', WEFT_SECRET_KEY: 'a test passphrase' };
    const { result, ...ran } = await validateAndRun(project, 'copy-orders', env);
    assert.is(result.status, 'succeeded');
    // Both saved pages, followed by the cursor the first one names.
    assert.equal(result.steps.map((step) => [step.id, step.out]), [['orders', records.length], ['shape', records.length]]);
    assert.equal(seen.map((request) => request.path), ['/v1/shops/shop_1234/orders?status=paid', '/v1/shops/shop_1234/orders?status=paid&cursor=c_2']);
    assert.ok(seen.every((request) => request.authorization === 'Bearer shop-token-for-tests-5521' && request.partner === 'partner-for-tests-8830'), JSON.stringify(seen));
    for (const secret of ['shop-token-for-tests-5521', 'partner-for-tests-8830']) assert.not.ok(ran.stdout.includes(secret) || ran.stderr.includes(secret), secret);
  } finally {
    server.close();
  }
});

test.run();
