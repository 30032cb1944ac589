import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2TokenClient } from '../src/runtime/oauth2.js';
import type { CallPolicy } from '../src/runtime/http-call.js';

/** OAuth2 tokens against a real token endpoint on 127.0.0.1 that issues short-lived tokens. */
const test = suite('oauth2');

let server: Server;
let tokenUrl = '';
let requests: { authorization?: string; form: URLSearchParams }[] = [];
let issued = 0;
let failNext: number | undefined;
/** Answers to give instead of a fresh token, one per request, in order. */
let answers: Record<string, unknown>[] = [];

test.before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      requests.push({ authorization: request.headers.authorization, form });
      if (failNext !== undefined) {
        response.writeHead(failNext, { 'content-type': 'application/json' });
        failNext = undefined;
        return response.end(JSON.stringify({ error: 'invalid_client', error_description: 'client secret s3cr3t is wrong' }));
      }
      const answer = answers.shift();
      if (answer) {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify(answer));
      }
      // A token is ready after 30 ms (many requests arrive while it is being fetched).
      setTimeout(() => {
        issued++;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ access_token: `token-${issued}`, token_type: 'Bearer', expires_in: 2, ...(form.get('grant_type') === 'refresh_token' && { refresh_token: `refresh-${issued}` }) }));
      }, 30);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
});
test.after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
test.before.each(() => {
  requests = [];
  issued = 0;
  answers = [];
});

const policy: CallPolicy = { timeoutMs: 2000, maxResponseBytes: 65536, retry: { maxAttempts: 2, initialDelayMs: 0, maxDelayMs: 0, on: [503] } };

test('client credentials: one token request however many callers wait; cached until near expiry, then one refresh', async () => {
  let clock = 1_000_000;
  const client = new OAuth2TokenClient({ grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: 's3cr3t', scopes: ['rest', 'read'] }, policy, () => clock);
  const tokens = await Promise.all(Array.from({ length: 25 }, () => client.token()));
  assert.equal(new Set(tokens), new Set(['token-1']));
  assert.is(requests.length, 1);
  assert.is(requests[0]!.authorization, `Basic ${Buffer.from('app:s3cr3t').toString('base64')}`);
  assert.is(requests[0]!.form.get('grant_type'), 'client_credentials');
  assert.is(requests[0]!.form.get('scope'), 'rest read');
  // Still fresh a second later; refreshed once it is within a tenth of its 2 s life of expiry.
  clock += 1000;
  assert.is(await client.token(), 'token-1');
  clock += 900;
  const refreshed = await Promise.all([client.token(), client.token(), client.token()]);
  assert.equal(refreshed, ['token-2', 'token-2', 'token-2']);
  assert.is(requests.length, 2);
  // A 401 from the API drops the token: the next call fetches a new one.
  client.invalidate('token-2');
  assert.is(await client.token(), 'token-3');
});

test('refresh token grant: the refresh token is sent, and a rotated one replaces it', async () => {
  let clock = 0;
  const client = new OAuth2TokenClient({ grant: 'refresh_token', tokenUrl, clientId: 'app', clientSecret: 'x', refreshToken: 'refresh-0' }, policy, () => clock);
  assert.is(await client.token(), 'token-1');
  clock += 5000;
  assert.is(await client.token(), 'token-2');
  assert.equal(requests.map((request) => request.form.get('refresh_token')), ['refresh-0', 'refresh-1']);
  assert.ok(requests.every((request) => request.form.get('grant_type') === 'refresh_token'));
});

test('a token URL that is not HTTP(S) is refused before anything is sent', async () => {
  // ftp:// at the token server's port: before, the client secret went there over HTTP.
  for (const url of [tokenUrl.replace(/^http:/, 'ftp:'), tokenUrl.replace(/^http:/, 'file:')]) {
    const client = new OAuth2TokenClient({ grant: 'client_credentials', tokenUrl: url, clientId: 'app', clientSecret: 's3cr3t' }, policy);
    try {
      await client.token();
      assert.unreachable(`${url} must be refused`);
    } catch (error) {
      assert.match((error as Error).message, /^the token endpoint (ftp|file):\/\/127\.0\.0\.1:\d+\/oauth\/token is not an HTTP\(S\) URL; refused$/);
    }
  }
  assert.equal(requests, []);
});

test('a refused token request is an error naming the status and OAuth error, never the body', async () => {
  const client = new OAuth2TokenClient({ grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: 's3cr3t' }, policy);
  failNext = 401;
  try {
    await client.token();
    assert.unreachable('the token request should fail');
  } catch (error) {
    assert.match((error as Error).message, /^the token endpoint http:\/\/127\.0\.0\.1:\d+\/oauth\/token answered 401 \(invalid_client\)$/);
    assert.not.match((error as Error).message, /s3cr3t/);
  }
  // The failure is not cached: the next call tries again.
  assert.is(await client.token(), 'token-1');
});

test('a token endpoint that is busy (503) is asked again, as a GET would be: a token request changes nothing', async () => {
  const client = new OAuth2TokenClient({ grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: 's3cr3t' }, policy);
  failNext = 503;
  assert.is(await client.token(), 'token-1');
  assert.is(requests.length, 2);
});

test('an answer without an access token is an error', async () => {
  for (const answer of [{ token_type: 'Bearer' }, { access_token: '' }, { access_token: 42 }]) {
    answers = [answer];
    const client = new OAuth2TokenClient({ grant: 'client_credentials', tokenUrl, clientId: 'app' }, policy);
    const error = await client.token().catch((caught: Error) => caught);
    assert.match(String(error), /^Error: the token endpoint http:\/\/127\.0\.0\.1:\d+\/oauth\/token answered without an access_token$/, JSON.stringify(answer));
  }
});

test('a refresh answered without a new refresh token (or an empty one) keeps the one it has', async () => {
  let clock = 0;
  const client = new OAuth2TokenClient({ grant: 'refresh_token', tokenUrl, clientId: 'app', refreshToken: 'refresh-0' }, policy, () => clock);
  answers = [{ access_token: 'a1', expires_in: 60 }, { access_token: 'a2', expires_in: 60, refresh_token: '' }, { access_token: 'a3', expires_in: 60 }];
  for (const expected of ['a1', 'a2', 'a3']) {
    assert.is(await client.token(), expected);
    clock += 60_000;
  }
  assert.equal(requests.map((request) => request.form.get('refresh_token')), ['refresh-0', 'refresh-0', 'refresh-0']);
});

test('a token is renewed a minute before it expires, a tenth of its life before for short ones; without a positive expires_in it lives an hour', async () => {
  for (const [answer, refreshAt] of [
    [{ access_token: 'hour', expires_in: 3600 }, 3_540_000],
    [{ access_token: 'unsaid' }, 3_540_000],
    // Taken at its word, 0 would mean a token request before every API request.
    [{ access_token: 'zero', expires_in: 0 }, 3_540_000],
    [{ access_token: 'negative', expires_in: -5 }, 3_540_000],
    [{ access_token: 'second', expires_in: 1 }, 900],
    [{ access_token: 'ten-minutes', expires_in: 600 }, 540_000],
  ] as const) {
    let clock = 0;
    const client = new OAuth2TokenClient({ grant: 'client_credentials', tokenUrl, clientId: 'app' }, policy, () => clock);
    answers = [answer, { access_token: 'renewed' }];
    assert.is(await client.token(), answer.access_token);
    clock = refreshAt - 1;
    assert.is(await client.token(), answer.access_token, `${answer.access_token} at ${clock}`);
    clock = refreshAt;
    assert.is(await client.token(), 'renewed', `${answer.access_token} at ${clock}`);
  }
});

test.run();
