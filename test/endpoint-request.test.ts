import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildRequest, type HttpConnectorSpec } from '../src/runtime/endpoint-request.js';

/** Requests built from an endpoint's templates (more in test/paginate.test.ts, with the pages they fetch). */
const test = suite('endpoint-request');

const connector: HttpConnectorSpec = {
  http: { baseUrl: 'https://api.example.com' },
  endpoints: {
    count: { method: 'PUT', path: '/count', body: '{{record.count}}' },
    flag: { method: 'PUT', path: '/flag', body: false },
    missing: { method: 'PUT', path: '/missing', body: '{{record.nothing}}' },
  },
};

test('a JSON body that renders to 0, false or nothing is sent as 0, false and null', () => {
  assert.is(buildRequest(connector, 'count', { record: { count: 0 } }).body, '0');
  assert.is(buildRequest(connector, 'flag', {}).body, 'false');
  const missing = buildRequest(connector, 'missing', { record: {} });
  assert.is(missing.body, 'null');
  assert.is(missing.headers['content-type'], 'application/json');
});

test.run();
