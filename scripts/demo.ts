// The bundled example, run for real on the embedded engine, with no network: examples/acme is
// copied to a temporary directory, its Shopify and NetSuite hosts pointed at the simulated ones
// the tests use (test/helpers), and then the real CLI stores the secrets, applies the project
// to its default environment (staging: the UK sandbox store, NetSuite's sandbox account) and
// runs the order sweep twice: every paid order becomes one NetSuite sales order, and the
// second run receives only what changed since the first.
//   npm run demo
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetSuiteSimulator } from '../test/helpers/netsuite.js';
import { ShopifySimulator } from '../test/helpers/shopify.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const weft = path.join(root, 'bin', 'weft.cjs');
const env = { ...process.env, WEFT_SECRET_KEY: 'weft demo key', SHOPIFY_US_ACCESS_TOKEN: 'shpat_demo_us' };

const shopify = await ShopifySimulator.start({ tokens: { 'acme-uk-sandbox': 'shpat_demo_uk' } });
const netsuite = await NetSuiteSimulator.start({ account: '1234567-sb1', clientId: 'demo-client', clientSecret: 'demo-secret', unavailableRate: 0.05, seed: 3 });
const project = await mkdtemp(path.join(os.tmpdir(), 'weft-demo-'));
try {
  await cp(path.join(root, 'examples', 'acme'), project, { recursive: true, filter: (source) => !source.includes(`${path.sep}.weft`) });
  for (const [file, from, to] of [
    ['connectors/shopify.yaml', 'https://{{settings.shop}}.myshopify.com', `${shopify.origin}/{{settings.shop}}`],
    ['connectors/netsuite.yaml', 'https://{{settings.accountId}}.suitetalk.api.netsuite.com', `${netsuite.origin}/{{settings.accountId}}`],
  ] as const) {
    const text = await readFile(path.join(project, file), 'utf8');
    await writeFile(path.join(project, file), text.replaceAll(from, to));
  }
  const day = Date.now() - 86_400_000;
  shopify.addOrders(
    'acme-uk-sandbox',
    Array.from({ length: 45 }, (_, index) => ({
      financial_status: index % 3 === 0 ? ('pending' as const) : ('paid' as const),
      total_price: (19.99 + index).toFixed(2),
      updated_at: new Date(day + index * 60_000).toISOString(),
      // Most ship at home; some abroad (another subsidiary), one where the country table has no entry.
      shipping_address: { country_code: index === 43 ? 'JP' : index % 10 === 4 ? 'IE' : index % 10 === 7 ? 'US' : 'GB', city: 'Leeds', zip: 'LS1 4AP' },
    })),
  );

  say(`A copy of examples/acme in ${project}; Shopify simulated at ${shopify.origin}, NetSuite at ${netsuite.origin}`);
  const secrets: Record<string, string> = {
    'shopify/uk/access-token': 'shpat_demo_uk',
    'netsuite/prod/client-id': 'demo-client',
    'netsuite/prod/client-secret': 'demo-secret',
  };
  for (const secret of ['netsuite/prod/client-id', 'netsuite/prod/client-secret', 'northwind/eu/api-key', 'northwind/us/api-key', 'rabbitmq/prod/url', 'shopify/uk/access-token', 'shopify/uk/api-secret', 'shopify/uk/webhook']) {
    await run(['secret', 'set', secret, project], { input: secrets[secret] ?? 'demo-value', quiet: true });
  }
  say("8 secrets stored in staging's embedded engine (.weft/env/staging/state.db, encrypted)");
  await run(['plan', project]);
  await run(['apply', project]);
  await run(['run', 'orders-to-netsuite', project]);
  say(`NetSuite now has ${netsuite.salesOrders.length} sales orders (${netsuite.count(503)} requests met a 503 and were retried)`);
  shopify.addOrders('acme-uk-sandbox', [{ financial_status: 'paid', total_price: '250.00' }, { financial_status: 'pending', total_price: '12.00' }]);
  say('Two new orders in Shopify; the next sweep asks only for orders changed since the last good run:');
  await run(['run', 'orders-to-netsuite', project]);
  await run(['runs', '--dir', project]);
  say(`NetSuite: ${netsuite.salesOrders.length} sales orders, each created once.`);
} finally {
  await Promise.all([shopify.close(), netsuite.close()]);
  await rm(project, { recursive: true, force: true });
}

function say(text: string): void {
  process.stdout.write(`\n# ${text}\n`);
}

/** Runs the real CLI (asynchronously: the simulated servers live in this process). */
async function run(args: string[], options: { input?: string; quiet?: boolean } = {}): Promise<void> {
  if (!options.quiet) process.stdout.write(`\n$ weft ${args.map((arg) => (arg === project ? '<copy>' : arg)).join(' ')}\n`);
  const child = spawn(process.execPath, [weft, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(options.input ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (!options.quiet) process.stdout.write(stdout.replaceAll(project, '<copy>'));
  process.stderr.write(stderr.replaceAll(project, '<copy>'));
  if (code !== 0) throw new Error(`weft ${args[0]} exited with ${code}`);
}
