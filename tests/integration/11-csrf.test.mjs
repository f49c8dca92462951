// CSRF on every state-changing route of `rebound routes`: without a token,
// with another session's token, and from another site, the answer is 403
// and not one row changes. A signed-in user who may do everything (admin
// and approved seller) sends a body that would change something; the
// route table is read at run time, so a new route is covered by itself.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  M, Client, psql, q, sha256hex, newToken, uniqueEmail, strongPassword, routes, fillPath,
  mintSessions, snapshot, changedTables, makeAdmin, makeSeller,
} from './lib/identity.mjs';

const TABLE = routes();
const UNSAFE = TABLE.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
const EVIL = 'http://evil.example';

const ADDRESS = {
  full_name: 'Ada Lovelace', line1: '12 St James Square', line2: '', city: 'London',
  postal_code: 'SW1Y 4JH', region: '', country: 'GB', phone: '+44 20 7946 0000',
};

let U; // { id, email, password, resetToken }
let other; // another session: its token must not work for U

// Bodies that would change something if the request were let through.
const BODIES = {
  'POST /{m}/login': () => ({ email: U.email, password: U.password }),
  'POST /{m}/register': () => ({ name: 'CSRF Victim', email: uniqueEmail('csrf'), password: strongPassword() }),
  'POST /{m}/logout': () => ({}),
  'POST /{m}/account/profile': () => ({ name: 'Renamed By Another Site', email: U.email, password: '' }),
  'POST /{m}/account/password': () => ({ current_password: U.password, new_password: strongPassword() }),
  'POST /{m}/password/forgot': () => ({ email: U.email }),
  'POST /{m}/password/reset': () => ({ token: U.resetToken, password: strongPassword() }),
  'POST /{m}/account/addresses': () => ADDRESS,
  'POST /{m}/account/addresses/{id}': () => ({ ...ADDRESS, city: 'Elsewhere' }),
  'POST /{m}/account/tokens': () => [['name', 'made elsewhere'], ['scopes', 'read'], ['scopes', 'orders']],
};

// What U owns, made straight in PostgreSQL before every route, so each
// route finds its objects even after an earlier one deleted them.
function fixtures() {
  psql(`INSERT INTO addresses (user_id, full_name, line1, city, postal_code, country)
        SELECT ${U.id}, 'Fixture Address', '1 Test Street', 'Leeds', 'LS1 1AA', 'GB'
        WHERE NOT EXISTS (SELECT 1 FROM addresses WHERE user_id = ${U.id})`);
  psql(`INSERT INTO api_tokens (user_id, name, token_hash, scopes)
        SELECT ${U.id}, 'fixture', decode(${q(sha256hex(newToken()))}, 'hex'), ARRAY['read']
        WHERE NOT EXISTS (SELECT 1 FROM api_tokens WHERE user_id = ${U.id} AND revoked_at IS NULL)`);
  U.resetToken = newToken();
  psql(`INSERT INTO password_resets (token_hash, user_id, expires_at)
        VALUES (decode(${q(sha256hex(U.resetToken))}, 'hex'), ${U.id}, now() + interval '1 hour')`);
  // Two sessions: one to act with, one more for the session routes.
  return mintSessions([{ userId: U.id, user: U }, { userId: U.id, user: U }])[0];
}

before(async () => {
  const admin = await makeAdmin({ name: 'CSRF Target' });
  U = { id: admin.id, email: admin.email, password: admin.password };
  makeSeller(U.id, `CSRF Target Co ${U.id}`);
  other = new Client();
  await other.get(`/${M}/login`, { save: false });
  assert.ok(other.csrf, 'the other session has a token');
});

describe('the control: with the right token the same requests get through', () => {
  test('a form field or the X-CSRF-Token header: not 403', async () => {
    const [c] = mintSessions([{ userId: U.id, user: U }]);
    let r = await c.post(`/${M}/account/profile`, { name: '', email: U.email, password: '' });
    assert.equal(r.status, 422, 'a bad profile with the token in the form: refused for its content, not for CSRF');
    r = await c.request('POST', `/${M}/account/profile`, {
      body: { name: '', email: U.email, password: '' }, headers: { 'X-CSRF-Token': c.csrf },
    });
    assert.equal(r.status, 422, 'the same with X-CSRF-Token');
    r = await c.request('POST', `/${M}/account/profile`, {
      body: { csrf_token: c.csrf, name: '', email: U.email, password: '' },
      headers: { Origin: `http://127.0.0.1:${process.env.REBOUND_HTTP_PORT || 18080}`, 'Sec-Fetch-Site': 'same-origin' },
    });
    assert.equal(r.status, 422, 'our own Origin and Sec-Fetch-Site: same-origin');
  });
});

describe('every state-changing route refuses forged requests', () => {
  for (const route of UNSAFE) {
    test(`${route.method} ${route.pattern}`, async () => {
      assert.ok(route.flags.has('csrf'), `${route.pattern} has no "csrf" flag`);
      const c = fixtures();
      const path = await fillPath(route, c);
      const make = BODIES[`${route.method} ${route.pattern}`] || (() => ({}));
      const token = c.csrf;
      const withToken = (t) => {
        const b = make();
        return Array.isArray(b) ? [['csrf_token', t], ...b] : { csrf_token: t, ...b };
      };
      const variants = [
        ['no token', { body: make() }],
        ['another session\'s token', { body: withToken(other.csrf) }],
        ['another session\'s token in X-CSRF-Token', { body: make(), headers: { 'X-CSRF-Token': other.csrf } }],
        ['a made-up token', { body: withToken(newToken()) }],
        ['the right token, Origin of another site', { body: withToken(token), headers: { Origin: EVIL } }],
        ['the right token, Origin: null', { body: withToken(token), headers: { Origin: 'null' } }],
        ['the right token, Sec-Fetch-Site: cross-site', { body: withToken(token), headers: { 'Sec-Fetch-Site': 'cross-site' } }],
        ['the right token, Sec-Fetch-Site: same-site', { body: withToken(token), headers: { 'Sec-Fetch-Site': 'same-site' } }],
        ['a token and no session cookie', { body: withToken(token), headers: { Cookie: '' } }],
      ];
      const before = snapshot();
      const wrong = [];
      for (const [what, opts] of variants) {
        const r = await c.request(route.method, path, { ...opts, tag: 'csrf' });
        if (r.status !== 403) wrong.push(`${what}: ${r.status}${r.location ? ` -> ${r.location}` : ''}`);
      }
      const changed = changedTables(before, snapshot());
      assert.deepEqual({ wrong, changed }, { wrong: [], changed: [] },
        `${route.method} ${path}: want 403 for each forged request, and no row changed`);
      // The same request with the right token is not refused for CSRF.
      const body = withToken(token);
      const ok = await c.request(route.method, path, { body, tag: 'csrf-control' });
      assert.notEqual(ok.status, 403, `${route.method} ${path} with the right token`);
      assert.ok(ok.status < 500, `${route.method} ${path} with the right token: ${ok.status}`);
      if (route.pattern === '/{m}/account/password' && ok.status === 303) U.password = body.new_password;
    });
  }
});

