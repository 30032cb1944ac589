import { LocalEngine } from '../../src/engine/local-engine.js';

/** The secrets examples/acme's placeholders name. */
export const acmeSecrets = [
  'netsuite/prod/client-id',
  'netsuite/prod/client-secret',
  'northwind/eu/api-key',
  'northwind/us/api-key',
  'rabbitmq/prod/url',
  'shopify/uk/access-token',
  'shopify/uk/api-secret',
  'shopify/uk/webhook',
];

/** The environment the example's engine runs with: its one env placeholder, and a secret key. */
export const acmeEnvironment = { SHOPIFY_US_ACCESS_TOKEN: 'from-the-environment', WEFT_SECRET_KEY: 'a test passphrase' };

/**
 * Stores every secret of the example in the local engine of a copy of it (of one of its
 * environments, when given), so all placeholders resolve.
 */
export async function seedAcmeSecrets(project: string, environment?: string): Promise<void> {
  const engine = LocalEngine.forProject(project, { env: acmeEnvironment, ...(environment === undefined ? {} : { environment }) });
  for (const [index, secret] of acmeSecrets.entries()) await engine.setSecret(secret, `value-${index}`);
  await engine.close();
}
