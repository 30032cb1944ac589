/**
 * Resource files the RabbitMQ tests and the event benchmark share: an event connector with one
 * instance `bus`, and a NetSuite-like ERP connector with one instance `ledger` (OAuth2 client
 * credentials; sales orders carry an idempotency key).
 */

/** The `rabbitmq` event connector and its instance `bus`: prefetch, and the AMQP URL as a placeholder. */
export function busFile(options: { prefetch: number; url: string }): string {
  return `apiVersion: weft/v1
kind: Connector
metadata: { name: rabbitmq }
spec:
  version: 1.0.0
  type: event
  event: { broker: rabbitmq }
  settings: { type: object, properties: { prefetch: { type: integer, minimum: 1 } } }
  credentials: { url: {} }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: bus }
spec:
  connector: rabbitmq
  settings: { prefetch: ${options.prefetch} }
  credentials: { url: "${options.url}" }
`;
}

/** The `erp` connector against a NetSuite simulator's account URL, and its instance `ledger`. */
export function ledgerFile(accountUrl: string): string {
  return `apiVersion: weft/v1
kind: Connector
metadata: { name: erp }
spec:
  version: 1.0.0
  http:
    baseUrl: "${accountUrl}/services/rest"
    retry: { maxAttempts: 3, initialDelayMs: 5, on: [429, 503] }
  credentials: { clientId: {}, clientSecret: {} }
  auth:
    oauth: { type: oauth2, grant: client_credentials, tokenUrl: "${accountUrl}/services/rest/auth/oauth2/v1/token", clientId: "{{credentials.clientId}}", clientSecret: "{{credentials.clientSecret}}" }
  endpoints:
    createSalesOrder: { method: POST, path: /record/v1/salesOrder, body: "{{record}}", idempotent: true, idempotencyKeyHeader: X-NetSuite-Idempotency-Key }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: ledger }
spec:
  connector: erp
  auth: oauth
  credentials: { clientId: "\${env:ERP_ID}", clientSecret: "\${secret:erp/secret}" }
`;
}
