import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { expectImportedProjectValidates, expectReimportWritesNothing, validateAndRun } from './helpers/imported.js';
import { expectExit, expectNoStackTrace, makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft } from './helpers/run-weft.js';

/**
 * `weft import openapi`, black-box: real API descriptions (the OpenAPI Initiative's examples;
 * Solidus' commerce API, Xero's assets and app store APIs, Figma's REST API: see the LICENSE-*.md
 * beside them) and two written for these tests (Swagger 2.0 with API key, basic auth, a Link
 * header and offset pages; OpenAPI 3.1 with server variables, OAuth client credentials, a cursor,
 * and secrets in examples) become connectors that match their golden files and validate.
 */
const test = suite('import-command');

const fixtures = path.join('test', 'fixtures', 'openapi');
const documents = ['petstore', 'petstore-expanded', 'uspto', 'link-example', 'api-with-examples', 'commerce-swagger2', 'ledger-openapi31', 'solidus', 'xero-assets', 'xero-app-store', 'figma'];

let scratch = '';
test.before.each(async () => {
  scratch = await makeTemporaryDirectory('weft-import-');
});
test.after.each(async () => {
  await removeTemporaryDirectory(scratch);
});

test('each document imports to its golden connector, the same bytes every time', async () => {
  for (const name of documents) {
    const first = await runWeft(['import', 'openapi', path.join(fixtures, `${name}.yaml`), '--name', name], { cwd: repoRoot });
    expectExit(first, 0);
    const expected = await readFile(path.join(repoRoot, fixtures, 'expected', `${name}.yaml`), 'utf8');
    assert.fixture(first.stdout, expected, name);
    const second = await runWeft(['import', 'openapi', path.join(fixtures, `${name}.yaml`), '--name', name], { cwd: repoRoot });
    assert.is(second.stdout, first.stdout, `${name} is not deterministic`);
  }
});

test('every imported connector validates (no errors) in a project of its own, and --out writes the file', async () => {
  await writeFile(path.join(scratch, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: imported }\n');
  for (const name of documents) {
    const wrote = await runWeft(['import', 'openapi', path.join(repoRoot, fixtures, `${name}.yaml`), '--name', name, '--out', path.join(scratch, 'connectors', `${name}.yaml`)]);
    expectExit(wrote, 0);
    // Round-trip stable: importing again over the file changes nothing.
    const written = await readFile(path.join(scratch, 'connectors', `${name}.yaml`), 'utf8');
    await expectReimportWritesNothing('openapi', path.join(repoRoot, fixtures, `${name}.yaml`), name, path.join(scratch, 'connectors', `${name}.yaml`), written);
    assert.match(wrote.stdout, new RegExp(`connector '${name}' with \\d+ endpoints?`));
  }
  await expectImportedProjectValidates(scratch);
});

test('what the documents say becomes weft: auth methods, settings, inputs, bodies, pagination and records marked "check:"', async () => {
  const ledger = await runWeft(['import', 'openapi', path.join(repoRoot, fixtures, 'ledger-openapi31.yaml'), '--name', 'ledger']);
  expectExit(ledger, 0);
  const connector = parse(ledger.stdout);
  assert.is(connector.spec.http.baseUrl, 'https://{{settings.tenant}}.ledger.example/api/{{settings.version}}');
  assert.equal(connector.spec.settings.properties.version, { type: 'string', enum: ['v3', 'v3-beta'], default: 'v3' });
  assert.equal(connector.spec.auth.oauth, {
    type: 'oauth2',
    grant: 'client_credentials',
    tokenUrl: 'https://auth.ledger.example/oauth/token',
    clientId: '{{credentials.oauthClientId}}',
    clientSecret: '{{credentials.oauthClientSecret}}',
    scopes: ['invoices.read', 'invoices.write'],
  });
  const list = connector.spec.endpoints.listInvoices;
  assert.equal(list.pagination, { type: 'cursor', param: 'cursor', cursorPath: 'meta.next_cursor' });
  assert.is(list.records, 'data');
  assert.equal(list.requiredInputs, ['since']);
  // The cursor is the pagination's, not an input.
  assert.is(list.inputs.cursor, undefined);
  assert.match(ledger.stdout, /# check: pagination guessed from the cursor parameter and the answer's meta\.next_cursor\n\s+pagination:/);
  assert.is(connector.spec.endpoints.updateInvoice.body, '{{record}}');
  assert.is(connector.spec.endpoints.updateInvoice.path, '/invoices/{{input.id}}');
  // What weft cannot do is said, not silently dropped.
  assert.match(ledger.stderr, /security scheme 'user' \(OAuth 2 implicit flow\) left out/);
  assert.match(ledger.stderr, /security scheme 'session' \(apiKey in cookie\) left out/);

  const commerce = await runWeft(['import', 'openapi', path.join(repoRoot, fixtures, 'commerce-swagger2.yaml'), '--name', 'commerce']);
  expectExit(commerce, 0);
  const swagger = parse(commerce.stdout);
  // A fixed base URL is a setting with the document's URL as default: an instance may point elsewhere.
  assert.is(swagger.spec.http.baseUrl, '{{settings.baseUrl}}');
  assert.equal(swagger.spec.settings.properties.baseUrl, { type: 'string', format: 'uri', description: "The API's base URL", default: 'https://api.commerce.example/v2' });
  assert.equal(swagger.spec.auth.storeKey, { type: 'apiKey', in: 'header', name: 'X-Store-Key', value: '{{credentials.storeKeyApiKey}}' });
  assert.equal(swagger.spec.endpoints.listOrders.pagination, { type: 'link-header' });
  assert.equal(swagger.spec.endpoints.products_list.pagination, { type: 'offset', param: 'offset', limitParam: 'limit' });
  // No operationId: the method and path; a path parameter with a space becomes a usable input.
  assert.is(swagger.spec.endpoints.getOrdersByOrderId.path, '/orders/{{input.order_id}}');
  assert.match(commerce.stderr, /HEAD \/orders\/\{order id\} left out/);
});

test('real documents: records in allOf parts and holders, cursors inside cursor objects, one-record reads, refresh URLs, client credentials', async () => {
  const imported = async (name: string) => {
    const result = await runWeft(['import', 'openapi', path.join(repoRoot, fixtures, `${name}.yaml`), '--name', name]);
    expectExit(result, 0);
    return { connector: parse(result.stdout), stdout: result.stdout, stderr: result.stderr };
  };
  // Solidus: lists are allOf [pagination-data, { products: [...] }]; GET /orders/{number} is one
  // order, whose own lists (adjustments, line items, payments) are not records.
  const solidus = (await imported('solidus')).connector.spec;
  assert.is(solidus.endpoints['list-products'].records, 'products');
  assert.equal(solidus.endpoints['list-products'].pagination, { type: 'page', param: 'page', sizeParam: 'per_page' });
  assert.is(solidus.endpoints['get-order'].path, '/orders/{{input.number}}');
  assert.is(solidus.endpoints['get-order'].records, undefined);
  assert.equal(solidus.auth['api-key'], { type: 'bearer', token: '{{credentials.apiKeyToken}}' });
  // Figma: the cursor is meta.cursor.after (meta.cursor is an object), the records meta.components;
  // tokens are refreshed at the flow's refreshUrl, not its tokenUrl.
  const figma = await imported('figma');
  const components = figma.connector.spec.endpoints.getTeamComponents;
  assert.equal(components.pagination, { type: 'cursor', param: 'after', cursorPath: 'meta.cursor.after' });
  assert.is(components.records, 'meta.components');
  assert.is(components.inputs.after, undefined);
  assert.match(figma.stdout, /# check: records guessed: 'meta\.components' is the only array in the answer\n\s+records: meta\.components/);
  assert.is(figma.connector.spec.auth.OAuth2.grant, 'refresh_token');
  assert.is(figma.connector.spec.auth.OAuth2.tokenUrl, 'https://api.figma.com/v1/oauth/refresh');
  // A list that is one of several lists (rows: { oneOf: [array, array] }).
  assert.is(figma.connector.spec.endpoints.getLibraryAnalyticsComponentActions.records, 'rows');
  // Xero: the authorization-code flow, page numbers; the app store's client credentials.
  const assets = (await imported('xero-assets')).connector.spec;
  assert.equal(assets.endpoints.getAssets.pagination, { type: 'page', param: 'page', sizeParam: 'pageSize' });
  assert.is(assets.endpoints.getAssets.records, 'items');
  assert.equal(assets.auth.OAuth2.tokenUrl, 'https://identity.xero.com/connect/token');
  assert.equal(assets.auth.OAuth2.grant, 'refresh_token');
  const store = (await imported('xero-app-store')).connector.spec;
  assert.equal(store.auth.OAuth2, {
    type: 'oauth2',
    grant: 'client_credentials',
    tokenUrl: 'https://identity.xero.com/connect/token',
    clientId: '{{credentials.clientId}}',
    clientSecret: '{{credentials.clientSecret}}',
    scopes: ['marketplace.billing'],
  });
  // One subscription (GET /subscriptions/{subscriptionId}): its plans are not records.
  assert.is(store.endpoints.getSubscription.records, undefined);
});

test('a description split in parts: $refs relative to the part that holds them, recursive schemas, siblings of a $ref, cookies said', async () => {
  const folder = path.join(scratch, 'split');
  await mkdir(path.join(folder, 'schemas'), { recursive: true });
  await writeFile(
    path.join(folder, 'openapi.yaml'),
    [
      'openapi: 3.1.0',
      'info: { title: Split, version: "1" }',
      'servers: [{ url: "https://api.example" }]',
      'paths:',
      '  /categories:',
      '    $ref: "paths/categories.yaml"',
      '  /categories/{id}:',
      '    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]',
      '    get:',
      '      operationId: getCategory',
      '      parameters:',
      '        - { name: session, in: cookie, schema: { type: string } }',
      '        - { $ref: "#/components/parameters/depth", description: How deep the tree goes }',
      '      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "schemas/category.yaml" } } } } }',
      'components:',
      '  parameters:',
      '    depth: { name: depth, in: query, description: Levels, schema: { type: integer } }',
      '',
    ].join('\n'),
  );
  await mkdir(path.join(folder, 'paths'));
  // A part refers to another part relative to itself, and back to the document.
  await writeFile(path.join(folder, 'paths', 'categories.yaml'), 'get:\n  operationId: listCategories\n  parameters:\n    - $ref: "../openapi.yaml#/components/parameters/depth"\n    - { name: filter, in: query, schema: { $ref: "../schemas/category.yaml" } }\n  responses:\n    "200":\n      description: ok\n      content: { application/json: { schema: { type: object, properties: { data: { type: array, items: { $ref: "../schemas/category.yaml" } } } } } }\n');
  // A category holds categories: a recursive schema, as input (cut at the depth inputs keep) and as answer.
  await writeFile(path.join(folder, 'schemas', 'category.yaml'), 'type: object\nproperties:\n  name: { type: string }\n  parent: { $ref: "#" }\n  children: { type: array, items: { $ref: "category.yaml" } }\n');
  const split = await runWeft(['import', 'openapi', folder, '--name', 'split']);
  expectExit(split, 0);
  const endpoints = parse(split.stdout).spec.endpoints;
  assert.equal(endpoints.listCategories.inputs.depth, { type: 'integer', description: 'Levels' });
  assert.is(endpoints.listCategories.records, 'data');
  assert.is(endpoints.listCategories.inputs.filter.properties.parent.properties.parent.properties.name.type, 'string');
  // A $ref's description is the one beside it (OpenAPI 3.1), not the one it points at.
  assert.equal(endpoints.getCategory.inputs.depth, { type: 'integer', description: 'How deep the tree goes' });
  assert.is(endpoints.getCategory.path, '/categories/{{input.id}}');
  assert.match(split.stderr, /cookie parameter left out \(weft sends no cookies\): 'session' of GET \/categories\/\{id\}/);
  // A $ref to something that is not there fails the import, naming the $ref.
  await writeFile(path.join(folder, 'paths', 'categories.yaml'), 'get:\n  parameters: [{ $ref: "../openapi.yaml#/components/parameters/nope" }]\n  responses: { "200": { description: ok } }\n');
  const missing = await runWeft(['import', 'openapi', folder, '--name', 'split']);
  expectExit(missing, 1);
  expectNoStackTrace(missing);
  assert.match(missing.stderr, /\$ref '.*#\/components\/parameters\/nope' points at nothing/);
});

test("an authorization-code flow (Swagger's accessCode) becomes the refresh_token grant; a bearer scheme a bearer token", async () => {
  await writeFile(
    path.join(scratch, 'swagger.yaml'),
    [
      'swagger: "2.0"',
      'info: { title: Signed in, version: "1" }',
      'host: api.example',
      'securityDefinitions:',
      '  login: { type: oauth2, flow: accessCode, authorizationUrl: "https://api.example/authorize", tokenUrl: "https://api.example/token", scopes: { read: Read } }',
      'paths:',
      '  /me: { get: { operationId: me, responses: { "200": { description: ok } } } }',
      '',
    ].join('\n'),
  );
  const swagger = await runWeft(['import', 'openapi', scratch, '--name', 'signed-in']);
  expectExit(swagger, 0);
  assert.equal(parse(swagger.stdout).spec.auth.login, {
    type: 'oauth2',
    grant: 'refresh_token',
    tokenUrl: 'https://api.example/token',
    clientId: '{{credentials.clientId}}',
    clientSecret: '{{credentials.clientSecret}}',
    refreshToken: '{{credentials.refreshToken}}',
    scopes: ['read'],
  });
  await writeFile(path.join(scratch, 'swagger.yaml'), 'openapi: 3.0.3\ninfo: { title: T, version: "1" }\nservers: [{ url: "https://api.example" }]\ncomponents: { securitySchemes: { jwt: { type: http, scheme: bearer, bearerFormat: JWT } } }\npaths:\n  /me: { get: { responses: { "200": { description: ok } } } }\n');
  const bearer = await runWeft(['import', 'openapi', scratch, '--name', 'bearer']);
  expectExit(bearer, 0);
  assert.equal(parse(bearer.stdout).spec.auth, { jwt: { type: 'bearer', token: '{{credentials.token}}' } });
  assert.equal(Object.keys(parse(bearer.stdout).spec.endpoints), ['getMe']);
  // A document with no operation at all makes no connector.
  await writeFile(path.join(scratch, 'swagger.yaml'), 'openapi: 3.0.3\ninfo: { title: T, version: "1" }\npaths: {}\n');
  const empty = await runWeft(['import', 'openapi', scratch, '--name', 'empty']);
  expectExit(empty, 1);
  assert.match(empty.stderr, /swagger\.yaml has no operation weft can call/);
});

test('an imported connector receives from a local server made from the same document: its example answer, its auth, its Link pages', async () => {
  const documentPath = path.join(repoRoot, fixtures, 'commerce-swagger2.yaml');
  const document = parse(await readFile(documentPath, 'utf8'));
  const operation = document.paths['/orders'].get;
  const example = operation.responses['200'].examples['application/json'] as { orders: unknown[] };
  const keyHeader = document.securityDefinitions.storeKey.name.toLowerCase();
  // The API as the document describes it: under its basePath, the key in its header, the
  // example as each page, a Link header to the next page on the first.
  const seen: { path: string; key: string | undefined }[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://127.0.0.1');
    seen.push({ path: `${url.pathname}${url.search}`, key: request.headers[keyHeader] as string | undefined });
    if (request.headers[keyHeader] !== 'store-key-for-tests-7731') {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    if (url.pathname !== `${document.basePath.replace(/\/$/, '')}/orders`) {
      response.writeHead(404).end();
      return;
    }
    const page = Number(url.searchParams.get('page') ?? '1');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (page === 1) headers.link = `<http://127.0.0.1:${(server.address() as AddressInfo).port}${url.pathname}?page=2>; rel="next"`;
    response.writeHead(200, headers).end(JSON.stringify(example));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const project = path.join(scratch, 'project');
    await mkdir(path.join(project, 'connectors'), { recursive: true });
    await writeFile(path.join(project, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: imported }\nspec:\n  testing: { warnUntestedFlows: false }\n');
    expectExit(await runWeft(['import', 'openapi', documentPath, '--name', 'commerce', '--out', path.join(project, 'connectors', 'commerce.yaml')]), 0);
    const port = (server.address() as AddressInfo).port;
    await writeFile(
      path.join(project, 'instance.yaml'),
      `apiVersion: weft/v1\nkind: Instance\nmetadata: { name: local-store }\nspec:\n  connector: commerce@^1.0\n  auth: storeKey\n  settings: { baseUrl: "http://127.0.0.1:${port}/v2" }\n  credentials: { storeKeyApiKey: "\${env:STORE_KEY}" }\n`,
    );
    await writeFile(
      path.join(project, 'flow.yaml'),
      'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: copy-orders }\nspec:\n  trigger: { manual: {} }\n  steps:\n    - id: orders\n      receive: { instance: local-store, endpoint: listOrders, input: { status: paid } }\n    - id: shape\n      map: \'{ "id": id, "total": total }\'\n',
    );
    const env = { STORE_KEY: 'store-key-for-tests-7731', WEFT_SECRET_KEY: 'a test passphrase' };
    const { result, ...ran } = await validateAndRun(project, 'copy-orders', env);
    assert.is(result.status, 'succeeded');
    // Both pages, each the document's example of three orders.
    assert.equal(result.steps.map((step) => [step.id, step.out]), [['orders', 2 * example.orders.length], ['shape', 2 * example.orders.length]]);
    assert.equal(seen.map((request) => request.path), ['/v2/orders?status=paid', '/v2/orders?page=2']);
    assert.ok(seen.every((request) => request.key === 'store-key-for-tests-7731'));
    // The key never reaches the output.
    assert.not.ok(ran.stdout.includes('store-key-for-tests-7731') || ran.stderr.includes('store-key-for-tests-7731'));
  } finally {
    server.close();
  }
});

test('a parameter shared by $ref is written out in full at each use, never as a YAML alias', async () => {
  await writeFile(
    path.join(scratch, 'openapi.yaml'),
    [
      'openapi: 3.0.3',
      'info: { title: Shared, version: "1" }',
      'servers: [{ url: "https://api.example" }]',
      'components:',
      '  parameters:',
      '    status: { name: status, in: query, schema: { type: string, enum: [open, closed] } }',
      'paths:',
      '  /a: { get: { operationId: listA, parameters: [{ $ref: "#/components/parameters/status" }], responses: { "200": { description: ok } } } }',
      '  /b: { get: { operationId: listB, parameters: [{ $ref: "#/components/parameters/status" }], responses: { "200": { description: ok } } } }',
      '',
    ].join('\n'),
  );
  const imported = await runWeft(['import', 'openapi', scratch, '--name', 'shared']);
  expectExit(imported, 0);
  assert.not.match(imported.stdout, /[&*]a\d/);
  const connector = parse(imported.stdout);
  assert.equal(connector.spec.endpoints.listA.inputs.status, { type: 'string', enum: ['open', 'closed'] });
  assert.equal(connector.spec.endpoints.listB.inputs.status, { type: 'string', enum: ['open', 'closed'] });
});

test('no example, default or description of a secret is written', async () => {
  for (const name of ['commerce-swagger2', 'ledger-openapi31']) {
    const imported = await runWeft(['import', 'openapi', path.join(repoRoot, fixtures, `${name}.yaml`), '--name', name]);
    expectExit(imported, 0);
    for (const secret of ['sk_live_51Hx7QeLkdmA3bT0zZp9xYw2', 'cs_live_8f2Kq9Lm3Zx7Vb4N', 'sk_live', 'cs_live']) assert.not.ok(imported.stdout.includes(secret), `${name} wrote ${secret}`);
    // Credentials are declared, never given a value.
    const connector = parse(imported.stdout);
    for (const credential of Object.values(connector.spec.credentials ?? {}) as Record<string, unknown>[]) assert.ok(Object.keys(credential).every((key) => key === 'description' || key === 'required'), JSON.stringify(credential));
  }
});

test('--tag and --operation choose the endpoints; an operation not in the document is said', async () => {
  const tagged = await runWeft(['import', 'openapi', path.join(repoRoot, fixtures, 'ledger-openapi31.yaml'), '--name', 'ledger', '--tag', 'customers']);
  expectExit(tagged, 0);
  assert.equal(Object.keys(parse(tagged.stdout).spec.endpoints), ['listCustomers']);
  const chosen = await runWeft(['import', 'openapi', path.join(repoRoot, fixtures, 'ledger-openapi31.yaml'), '--name', 'ledger', '--operation', 'createInvoice', '--operation', 'deleteInvoice', '--operation', 'nope']);
  expectExit(chosen, 0);
  assert.equal(Object.keys(parse(chosen.stdout).spec.endpoints), ['createInvoice', 'deleteInvoice']);
  assert.match(chosen.stderr, /no operation 'nope' in the document/);
  const none = await runWeft(['import', 'openapi', path.join(repoRoot, fixtures, 'ledger-openapi31.yaml'), '--name', 'ledger', '--tag', 'payroll']);
  expectExit(none, 1);
  assert.match(none.stderr, /no operation of ledger-openapi31\.yaml matches --tag payroll/);
});

test('usage: a format weft does not import, no --name, a bad name, a folder without a document', async () => {
  const cases: [string[], RegExp][] = [
    [['import', 'raml', 'x.raml', '--name', 'x'], /cannot import 'raml'/],
    [['import', 'openapi', path.join(repoRoot, fixtures, 'petstore.yaml')], /--name <connector>/],
    [['import', 'openapi', path.join(repoRoot, fixtures, 'petstore.yaml'), '--name', 'Pet Store'], /not a resource name/],
    [['import', 'openapi', scratch, '--name', 'x'], /holds no openapi\.yaml/],
    [['import', 'openapi', path.join(scratch, 'missing.yaml'), '--name', 'x'], /does not exist/],
  ];
  for (const [args, message] of cases) {
    const result = await runWeft(args);
    expectExit(result, 2);
    expectNoStackTrace(result);
    assert.match(result.stderr, message, args.join(' '));
  }
  // A folder with one document is read; a file that is not OpenAPI is refused, exit 1.
  await writeFile(path.join(scratch, 'openapi.yaml'), await readFile(path.join(repoRoot, fixtures, 'petstore.yaml')));
  expectExit(await runWeft(['import', 'openapi', scratch, '--name', 'pets']), 0);
  await writeFile(path.join(scratch, 'openapi.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: x }\n');
  const wrong = await runWeft(['import', 'openapi', scratch, '--name', 'pets']);
  expectExit(wrong, 1);
  expectNoStackTrace(wrong);
  assert.match(wrong.stderr, /not an OpenAPI or Swagger document weft can read|not an OpenAPI document/);
});

test('a hostile document: a $ref to a file outside its folder is not read, a $ref to a URL is not fetched', async () => {
  const folder = path.join(scratch, 'spec');
  await mkdir(folder);
  const outside = path.join(scratch, 'private.yaml');
  await writeFile(outside, 'token: do-not-copy-this-4b1d\n');
  const document = (ref: string) => `openapi: 3.0.0\ninfo: { title: t, version: "1" }\npaths:\n  /x:\n    get:\n      description: { $ref: "${ref}" }\n      responses: { "200": { description: ok } }\n`;
  await writeFile(path.join(folder, 'openapi.yaml'), document('../private.yaml#/token'));
  const escaped = await runWeft(['import', 'openapi', folder, '--name', 'evil']);
  expectExit(escaped, 1);
  expectNoStackTrace(escaped);
  assert.not.ok(`${escaped.stdout}${escaped.stderr}`.includes('do-not-copy-this-4b1d'));

  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    response.end('description: fetched\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await writeFile(path.join(folder, 'openapi.yaml'), document(`http://127.0.0.1:${(server.address() as AddressInfo).port}/part.yaml`));
    const fetched = await runWeft(['import', 'openapi', folder, '--name', 'evil']);
    expectExit(fetched, 1);
    assert.is(requests, 0, 'the URL was fetched');
  } finally {
    server.close();
  }

  // Any URL, not only a private address: refused before any connection, and said.
  await writeFile(path.join(folder, 'openapi.yaml'), document('https://schemas.example.com/part.yaml#/summary'));
  const remote = await runWeft(['import', 'openapi', folder, '--name', 'evil']);
  expectExit(remote, 1);
  assert.match(remote.stderr, /https:\/\/schemas\.example\.com\/part\.yaml is a URL: not fetched/);
  // A URL in what the import does not read (an example, as Square's document has) stops nothing.
  await writeFile(path.join(folder, 'openapi.yaml'), `openapi: 3.0.0\ninfo: { title: t, version: "1" }\npaths:\n  /x:\n    get:\n      responses: { "200": { description: ok, content: { application/json: { example: { schema: { $ref: "https://schemas.example.com/common.json#String" } } } } } }\n`);
  expectExit(await runWeft(['import', 'openapi', folder, '--name', 'examples']), 0);

  // A reference to a file in the same folder (a description split in parts) is read.
  await writeFile(path.join(folder, 'parts.yaml'), 'summary: From a part\n');
  await writeFile(path.join(folder, 'openapi.yaml'), document('parts.yaml#/summary'));
  const split = await runWeft(['import', 'openapi', folder, '--name', 'split']);
  expectExit(split, 0);
  assert.match(split.stdout, /description: From a part/);
});

test.run();
