import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { validateProject } from '../src/pipeline/validate-project.js';
import { compileProject } from '../src/pipeline/compile-project.js';
import { formatReport } from '../src/report/format-report.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

const test = suite('secret-leaks');

/** Secret values planted in the project; none may appear in any output. */
const canaries = {
  stripe: 'sk_live_abcdefghijklmnop12',
  slack: 'xoxb-123456789012-abcdefghij',
  aws: 'AKIAABCDEFGHIJKLMNOP',
  shopify: 'shpat_abcdefghijklmnopqrstuvwx',
  github: 'ghp_abcdefghijklmnopqrstuvwxyz1234567890',
  password: 'Zq8Lw3Rt7Yp2Kx9Mv4',
  number: '987654321098765',
  hmacDefault: 'Xk9sLq2PzR8vT4wMa7',
  engine: 'changeme-please-0xA1b2',
};

const files = {
  'weft.yaml': `apiVersion: weft/v1
kind: Project
metadata: { name: p }
spec:
  engine: { url: "https://engine.example.com", token: "${canaries.engine}" }
`,
  'connector.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: shop }
spec:
  version: 1.0.0
  http:
    baseUrl: "https://{{settings.shop}}.example.com"
    headers: { "${canaries.github}": x }
  settings: { type: object, properties: { shop: { type: string }, password: { type: string } }, required: [shop] }
  credentials: { token: {}, other: { required: false }, third: { required: false } }
  auth: { bearer: { type: bearer, token: "{{credentials.token}}" } }
  endpoints: { list: { path: /orders } }
`,
  'instance.yaml': `apiVersion: weft/v1
kind: Instance
metadata: { name: shop-uk }
spec:
  connector: shop
  auth: ${canaries.stripe}
  settings: { shop: acme, password: ${canaries.password} }
  credentials:
    token: ${canaries.number}
    other: "\${env:TOKEN:-${canaries.password}"
    third: "P4ss\${w0rd}${canaries.password}"
`,
  'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: f }
spec:
  trigger:
    webhook: { path: orders, hmac: { header: X-Sig, secret: "\${env:HMAC:-${canaries.hmacDefault}}" } }
  steps:
    - id: get
      receive: { instance: shop-uk, endpoint: "${canaries.shopify}", input: { since: "{{run.${canaries.stripe}}}" } }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: g }
spec:
  trigger: { schedule: { cron: "${canaries.slack}", timezone: ${canaries.aws} } }
  steps:
    - id: get
      receive: { instance: shop-uk, endpoint: list }
`,
};

test('no planted secret appears in any report format, and each is reported', async () => {
  const root = await writeProject(files);
  try {
    const result = await validateProject(root);
    const context = { projectPath: '', color: false, sources: result.project.sources, toolVersion: 'test' };
    for (const format of ['pretty', 'json', 'github', 'sarif'] as const) {
      const output = formatReport(format, result.diagnostics, context);
      for (const [name, secret] of Object.entries(canaries)) {
        assert.not.ok(output.includes(secret), `${format} output contains the ${name} secret`);
        assert.not.ok(output.includes(Buffer.from(secret).toString('base64')), `${format} output contains the ${name} secret in base64`);
      }
    }
    const at = (file: string, pointer: string) => result.diagnostics.filter((d) => d.file === file && d.pointer === pointer).map((d) => d.code);
    assert.ok(at('weft.yaml', '/spec/engine/token').includes('plaintext-secret'));
    assert.ok(at('instance.yaml', '/spec/credentials/other').includes('bad-placeholder'));
    assert.ok(at('instance.yaml', '/spec/credentials/third').includes('plaintext-secret'));
    assert.ok(at('instance.yaml', '/spec/settings/password').includes('plaintext-secret'));
    assert.ok(at('instance.yaml', '/spec/auth').includes('plaintext-secret'));
    assert.ok(at('flow.yaml', '/spec/trigger/webhook/hmac/secret').includes('plaintext-secret'));
    assert.ok(result.diagnostics.some((d) => d.code === 'plaintext-secret' && d.file === 'connector.yaml'));
    const compiled = await compileProject(root);
    assert.is(compiled.bundle, undefined);
  } finally {
    await removeProject(root);
  }
});

test('a secret in a file that does not parse is masked in the code frame', async () => {
  const root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: p }\n',
    'instance.yaml': `apiVersion: weft/v1\nkind: Instance\nmetadata: { name: i }\nspec: { connector: c, credentials: { token: ${canaries.stripe}\n`,
  });
  try {
    const result = await validateProject(root);
    assert.ok(result.diagnostics.some((d) => d.code === 'yaml-syntax'));
    const output = formatReport('pretty', result.diagnostics, { projectPath: '', color: false, sources: result.project.sources, toolVersion: 'test' });
    assert.not.ok(output.includes(canaries.stripe));
  } finally {
    await removeProject(root);
  }
});

test('a frame shows placeholders under secret-like keys whole, and masks literal values beside them', () => {
  const text = 'spec:\n  secret: ${secret:shopify/uk/webhook}\n  auth: { apiSecret: "${secret:a/b}", password: Zq8Lw3Rt7Yp2Kx9Mv4, token: "{{input.token}}" }\n';
  const at = (line: number) => ({ severity: 'error' as const, code: 'unresolved-placeholder' as const, message: 'm', file: 'f.yaml', line, column: 3, endLine: line, endColumn: 9 });
  const output = formatReport('pretty', [at(2), at(3)], { projectPath: '', color: false, sources: new Map([['f.yaml', text]]), toolVersion: '0' });
  assert.match(output, /secret: \$\{secret:shopify\/uk\/webhook\}\n/);
  assert.match(output, /apiSecret: "\$\{secret:a\/b\}", password: \*{18}, token: "\{\{input\.token\}\}" \}/);
  assert.not.match(output, /Zq8Lw3Rt7Yp2Kx9Mv4/);
});

test('a known token under an innocuous key is masked in a frame that no secret diagnostic marks', () => {
  // Realistic lengths: shpat_ + 32 hex digits, ghp_ + 36 characters.
  const shopify = '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';
  const github = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
  const text = [
    'metadata:',
    `  description: ${shopify}`,
    `  labels: { team: ecommerce, note: "see ${github} for access" }`,
    `  baseUrl: https://api.example.com/v1?access=${github}&x=1`,
    '',
  ].join('\n');
  // Frames come from diagnostics that say nothing about secrets: only the token patterns can mask.
  const at = (line: number) => ({ severity: 'error' as const, code: 'unknown-template-ref' as const, message: 'm', file: 'f.yaml', line, column: 3, endLine: line, endColumn: 9 });
  const output = formatReport('pretty', [at(2), at(3), at(4)], { projectPath: '', color: false, sources: new Map([['f.yaml', text]]), toolVersion: '0' });
  assert.not.ok(output.includes(shopify), output);
  assert.not.ok(output.includes(github), output);
  // Column for column: the token becomes '*', everything around it stays.
  assert.ok(output.includes(`2 |   description: ${'*'.repeat(shopify.length)}\n`), output);
  assert.ok(output.includes(`3 |   labels: { team: ecommerce, note: "see ${'*'.repeat(github.length)} for access" }\n`), output);
  assert.ok(output.includes(`4 |   baseUrl: https://api.example.com/v1?access=${'*'.repeat(github.length)}&x=1\n`), output);
});

test('a known token under an innocuous key in a file that does not parse is masked in the frame', async () => {
  const root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: p }\n',
    'instance.yaml': `apiVersion: weft/v1\nkind: Instance\nmetadata: { name: i }\nspec: { connector: c, description: ${canaries.github}\n`,
  });
  try {
    const result = await validateProject(root);
    const syntax = result.diagnostics.filter((d) => d.code === 'yaml-syntax');
    assert.ok(syntax.length > 0);
    const output = formatReport('pretty', syntax, { projectPath: '', color: false, sources: result.project.sources, toolVersion: 'test' });
    assert.ok(output.includes(`spec: { connector: c, description: ${'*'.repeat(canaries.github.length)}\n`), `the frame should show the token's line:\n${output}`);
    assert.not.ok(output.includes(canaries.github), output);
  } finally {
    await removeProject(root);
  }
});

test('ordinary identifiers under key-like names are not secrets', async () => {
  const root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: p }\n',
    'connector.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: shop }
spec:
  version: 1.0.0
  http: { baseUrl: "https://{{settings.shop}}.example.com", headers: { Idempotency-Key: OrderCreatedV2Event } }
  settings: { type: object, properties: { shop: { type: string } } }
  endpoints:
    list: { path: /orders, query: { partitionKey: customerId42, pageToken: "{{input.token}}" }, inputs: { token: { type: string } } }
`,
    'instance.yaml': `apiVersion: weft/v1
kind: Instance
metadata: { name: shop-uk }
spec:
  connector: shop
  settings: { shop: uk, nextPageToken: meta.nextPageToken, foreignKey: customer_id_FK, cacheKey: "customers:v2:byEmail", accountKey: NETSUITE_ACCOUNT_42, key: 3f2b8c1e-4a5d-4e6f-9a7b-1c2d3e4f5a6b }
`,
    'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: f }
spec:
  trigger: { manual: {} }
  steps:
    - id: get
      receive: { instance: shop-uk, endpoint: list }
`,
  });
  try {
    assert.equal((await validateProject(root)).diagnostics, []);
  } finally {
    await removeProject(root);
  }
});

test('literal credentials inside connectors are reported', async () => {
  const root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: p }\n',
    'connector.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: shop }
spec:
  version: 1.0.0
  http: { baseUrl: "https://svc:Pm3n4B5v6C7x8Z9aQ2wE@example.com", headers: { Authorization: "Bearer Zq9w8E7r6T5y4U3i2O1pAsDf" } }
  auth: { key: { type: apiKey, name: X-Key, value: "not-from-credentials" } }
`,
  });
  try {
    const found = (await validateProject(root)).diagnostics.filter((d) => d.code === 'plaintext-secret').map((d) => d.pointer);
    assert.equal(found, ['/spec/http/baseUrl', '/spec/http/headers/Authorization', '/spec/auth/key/value']);
  } finally {
    await removeProject(root);
  }
});

test('a commented-out token is reported, and masked in the frame', async () => {
  const root = await writeProject({ 'weft.yaml': `apiVersion: weft/v1\nkind: Project\nmetadata: { name: p }\n# token: ${canaries.shopify}\n` });
  try {
    const result = await validateProject(root);
    assert.equal(result.diagnostics.map((d) => [d.code, d.line]), [['plaintext-secret', 4]]);
    const output = formatReport('pretty', result.diagnostics, { projectPath: '', color: false, sources: result.project.sources, toolVersion: 'test' });
    assert.not.ok(output.includes(canaries.shopify));
  } finally {
    await removeProject(root);
  }
});

test.run();
