// A big OpenAPI 3.0 document shaped like the real ones of commerce and ERP APIs, for
// bench/import-openapi.mjs: deterministic (no clock, no randomness), as many resources as it
// takes to reach the size asked for.
//
//   import { openApiDocument } from './openapi-document.mjs'; const text = openApiDocument(5 * 1024 * 1024);
//
// What makes real documents slow to read is here: component schemas shared by many operations
// through $ref (Money, Address, a 150-value currency enum), $refs inside $refs (a line item's
// product, an order's customer), allOf composition on a base record, recursive schemas (a
// category's parent and children), shared parameters and responses, parameters at path level,
// long Markdown descriptions and examples. Written as YAML without anchors (real documents
// repeat themselves; they do not use aliases).
import { stringify } from 'yaml';

const paragraph =
  'Returns the records the caller may see, newest first. Filters combine with AND; a filter on a field the record does not have matches nothing. ' +
  'Amounts are in the currency of the record, in minor units where the currency has them. Deleted records are not returned unless `include_deleted` is true. ';
const currencies = Array.from({ length: 150 }, (_, index) => String.fromCharCode(65 + (index % 26), 65 + ((index * 7) % 26), 65 + ((index * 13) % 26)));

const shared = {
  schemas: {
    CurrencyCode: { type: 'string', description: 'ISO 4217 currency code', enum: currencies },
    Money: { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'integer', description: 'In minor units' }, currency: { $ref: '#/components/schemas/CurrencyCode' } } },
    Address: {
      type: 'object',
      properties: { line1: { type: 'string' }, line2: { type: 'string', nullable: true }, city: { type: 'string' }, region: { type: 'string' }, postalCode: { type: 'string' }, country: { type: 'string', minLength: 2, maxLength: 2 } },
    },
    Metadata: { type: 'object', description: 'Up to 50 keys of your own', additionalProperties: { type: 'string', maxLength: 500 } },
    Record: {
      type: 'object',
      required: ['id', 'createdAt'],
      properties: { id: { type: 'string', readOnly: true }, createdAt: { type: 'string', format: 'date-time', readOnly: true }, updatedAt: { type: 'string', format: 'date-time', readOnly: true }, metadata: { $ref: '#/components/schemas/Metadata' } },
    },
    Contact: { allOf: [{ $ref: '#/components/schemas/Record' }, { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' }, phone: { type: 'string' }, address: { $ref: '#/components/schemas/Address' } } }] },
    Category: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, parent: { $ref: '#/components/schemas/Category' }, children: { type: 'array', items: { $ref: '#/components/schemas/Category' } } },
    },
    Product: {
      allOf: [
        { $ref: '#/components/schemas/Record' },
        { type: 'object', properties: { sku: { type: 'string' }, title: { type: 'string' }, price: { $ref: '#/components/schemas/Money' }, category: { $ref: '#/components/schemas/Category' }, weightGrams: { type: 'integer', minimum: 0 } } },
      ],
    },
    LineItem: { type: 'object', properties: { product: { $ref: '#/components/schemas/Product' }, quantity: { type: 'integer', minimum: 1 }, unitPrice: { $ref: '#/components/schemas/Money' }, tax: { $ref: '#/components/schemas/Money' } } },
    Page: { type: 'object', properties: { next_cursor: { type: 'string', nullable: true }, has_more: { type: 'boolean' } } },
    Error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, issue: { type: 'string' } } } } } },
  },
  parameters: {
    Cursor: { name: 'cursor', in: 'query', description: 'Where the previous page ended (its next_cursor)', schema: { type: 'string' } },
    Limit: { name: 'limit', in: 'query', description: 'Records per page', schema: { type: 'integer', minimum: 1, maximum: 250, default: 50 } },
    UpdatedSince: { name: 'updated_since', in: 'query', description: 'Only records changed at or after this time', schema: { type: 'string', format: 'date-time' } },
    Expand: { name: 'expand', in: 'query', style: 'form', explode: false, schema: { type: 'array', items: { type: 'string', enum: ['customer', 'lines', 'lines.product', 'payments'] } } },
    Id: { name: 'id', in: 'path', required: true, description: 'The record id', schema: { type: 'string' } },
    IdempotencyKey: { name: 'Idempotency-Key', in: 'header', description: 'Makes a retried create safe', schema: { type: 'string', maxLength: 64 } },
  },
  responses: {
    NotFound: { description: 'No such record', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    Unauthorized: { description: 'Missing or bad credentials', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    RateLimited: { description: 'Too many requests', headers: { 'Retry-After': { schema: { type: 'integer' } } }, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  },
};

const errors = { 401: { $ref: '#/components/responses/Unauthorized' }, 429: { $ref: '#/components/responses/RateLimited' } };

/** One resource: its schemas and its two paths (list and create; get, update, delete). */
function resource(index) {
  const name = `Resource${index}`;
  const plural = `resource${index}s`;
  const tags = [`Group ${index % 25}`];
  const ref = (schema) => ({ $ref: `#/components/schemas/${schema}` });
  const schemas = {
    [name]: {
      description: `A ${name}: ${paragraph}`,
      allOf: [
        ref('Record'),
        {
          type: 'object',
          required: ['number', 'status'],
          properties: {
            number: { type: 'string', description: `The ${name}'s number, unique in the account`, example: `R${index}-0001` },
            status: { type: 'string', enum: ['draft', 'open', 'paid', 'void', 'archived'] },
            customer: ref('Contact'),
            billingAddress: ref('Address'),
            shippingAddress: ref('Address'),
            lines: { type: 'array', items: ref('LineItem') },
            total: ref('Money'),
            notes: { type: 'string', maxLength: 2000 },
            [`field${index}`]: { type: 'number', description: 'A field only this resource has' },
          },
        },
      ],
    },
    [`${name}Input`]: {
      type: 'object',
      required: ['customer'],
      properties: { customer: { type: 'string', description: 'The customer id' }, lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, quantity: { type: 'integer' } } } }, notes: { type: 'string' }, metadata: ref('Metadata') },
    },
    [`${name}Page`]: { allOf: [ref('Page'), { type: 'object', properties: { data: { type: 'array', items: ref(name) } } }] },
  };
  const json = (schema, example) => ({ 'application/json': { schema, ...(example ? { example } : {}) } });
  const example = { id: `r${index}_1`, number: `R${index}-0001`, status: 'open', total: { amount: 1250, currency: 'EUR' }, createdAt: '2026-01-02T03:04:05Z' };
  const paths = {
    [`/${plural}`]: {
      get: {
        operationId: `list${name}s`,
        tags,
        summary: `List ${name} records`,
        description: `${paragraph}\n\n${paragraph}\n\n### Filtering\n\n${paragraph}`,
        parameters: [{ $ref: '#/components/parameters/Cursor' }, { $ref: '#/components/parameters/Limit' }, { $ref: '#/components/parameters/UpdatedSince' }, { $ref: '#/components/parameters/Expand' }, { name: 'status', in: 'query', schema: { type: 'string', enum: ['draft', 'open', 'paid', 'void', 'archived'] } }],
        responses: { 200: { description: 'A page of records', content: json(ref(`${name}Page`), { data: [example], next_cursor: 'c_2', has_more: true }) }, ...errors },
      },
      post: {
        operationId: `create${name}`,
        tags,
        summary: `Create a ${name}`,
        description: paragraph,
        parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
        requestBody: { required: true, content: json(ref(`${name}Input`)) },
        responses: { 201: { description: 'Created', content: json(ref(name), example) }, ...errors },
      },
    },
    [`/${plural}/{id}`]: {
      parameters: [{ $ref: '#/components/parameters/Id' }],
      get: { operationId: `get${name}`, tags, summary: `Get a ${name}`, description: paragraph, parameters: [{ $ref: '#/components/parameters/Expand' }], responses: { 200: { description: 'The record', content: json(ref(name), example) }, 404: { $ref: '#/components/responses/NotFound' }, ...errors } },
      patch: { operationId: `update${name}`, tags, summary: `Update a ${name}`, requestBody: { content: json(ref(`${name}Input`)) }, responses: { 200: { description: 'Updated', content: json(ref(name)) }, 404: { $ref: '#/components/responses/NotFound' }, ...errors } },
      delete: { operationId: `delete${name}`, tags, summary: `Delete a ${name}`, responses: { 204: { description: 'Deleted' }, 404: { $ref: '#/components/responses/NotFound' }, ...errors } },
    },
  };
  return { schemas, paths };
}

/** The document's YAML text, at least `targetBytes` long. */
export function openApiDocument(targetBytes) {
  const api = {
    openapi: '3.0.3',
    info: { title: 'Big Commerce and ERP API', version: '2026-12', description: paragraph.repeat(4) },
    servers: [{ url: 'https://{region}.api.example.com/v1', variables: { region: { default: 'eu', enum: ['eu', 'us', 'ap'] } } }, { url: 'https://sandbox.api.example.com/v1' }],
    security: [{ oauth: [] }],
    paths: {},
    components: {
      securitySchemes: {
        oauth: {
          type: 'oauth2',
          flows: {
            authorizationCode: { authorizationUrl: 'https://auth.example.com/authorize', tokenUrl: 'https://auth.example.com/token', scopes: { read: 'Read', write: 'Write' } },
            clientCredentials: { tokenUrl: 'https://auth.example.com/token', scopes: { read: 'Read', write: 'Write' } },
          },
        },
        key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
      ...structuredClone(shared),
    },
  };
  // Each resource adds about the same bytes: measure one, then add as many as it takes.
  const perResource = Buffer.byteLength(stringify({ paths: resource(0).paths, schemas: resource(0).schemas }, { aliasDuplicateObjects: false }));
  const count = Math.max(1, Math.ceil(targetBytes / perResource));
  for (let index = 0; index < count; index++) {
    const added = resource(index);
    Object.assign(api.paths, added.paths);
    Object.assign(api.components.schemas, added.schemas);
  }
  return stringify(api, { aliasDuplicateObjects: false });
}
