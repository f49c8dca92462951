// Abuse: nginx's rate limit on the sign-in, registration and password
// forms, the app's own per-address throttle of failed sign-ins, and
// hostile input on every identity form (oversize, invalid UTF-8, NUL, too
// many fields, duplicate fields, a body over 1 MiB): a 4xx, nothing stored.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { raw, rawRequest, stack } from './lib/stack.mjs';
import {
  M, Client, nextAddress, psql, psqlRows, q, sha256hex, newToken, uniqueEmail, strongPassword,
  encodeForm, fieldError, fieldErrors, snapshot, changedTables, mintSessions, routes, hasRoute,
} from './lib/identity.mjs';

const TABLE = routes();
const REFUSED = [400, 413, 422];

describe('nginx rate limit: 10 POSTs a minute per address to the identity forms', () => {
  const ip = nextAddress();
  const c = new Client({ ip }); // pinned: every request from this one address

  test('the 11th failed sign-in within a minute from one address is refused with 429', async () => {
    const errorLog = readFileSync(stack.nginxErrorLog, 'utf8').length;
    assert.equal((await c.get(`/${M}/login`)).status, 200);
    const got = [];
    // Unknown addresses each time: the app's own throttle (per address
    // typed) never answers, so every refusal here is nginx's.
    for (let i = 1; i <= 10; i++) {
      const r = await c.post(`/${M}/login`, { email: uniqueEmail(`limit${i}`), password: 'not the password' });
      got.push(r.status);
    }
    assert.deepEqual(got, Array(10).fill(422), 'the first 10 are answered by the app');
    const r = await c.post(`/${M}/login`, { email: uniqueEmail('limit11'), password: 'not the password' });
    assert.equal(r.status, 429, 'the 11th');
    assert.ok(!fieldError(r.body, 'email') && !fieldError(r.body, 'password'), 'nginx answered, not the app\'s throttle');
    assert.ok(r.headers['x-request-id'], 'the refusal has X-Request-Id');
    assert.equal(r.headers['x-frame-options'], 'DENY', 'and the security headers');
    const log = readFileSync(stack.nginxErrorLog, 'utf8').slice(errorLog);
    assert.match(log, /limiting requests.*zone "rebound_auth"/, 'nginx logged the limit');
  });

  test('registration and password forms share the limit', async () => {
    const r = await c.post(`/${M}/register`, { name: 'Limited', email: uniqueEmail('limited'), password: strongPassword() });
    assert.equal(r.status, 429, 'POST register from the limited address');
    if (hasRoute('POST', '/{m}/password/forgot', TABLE)) {
      assert.equal((await c.post(`/${M}/password/forgot`, { email: uniqueEmail('limited') })).status, 429, 'POST forgot');
    }
  });

  test('showing the forms is never limited', async () => {
    const pages = [`/${M}/login`, `/${M}/register`];
    if (hasRoute('GET', '/{m}/password/forgot', TABLE)) pages.push(`/${M}/password/forgot`);
    const got = [];
    for (let i = 0; i < 30; i++) got.push((await c.get(pages[i % pages.length], { save: false })).status);
    assert.deepEqual(got, Array(30).fill(200));
  });

  test('another address is not limited', async () => {
    const d = new Client({ ip: nextAddress() });
    const r = await d.post(`/${M}/login`, { email: uniqueEmail('free'), password: 'not the password' });
    assert.equal(r.status, 422);
  });
});

describe('the app\'s throttle: 5 failed sign-ins for an address, then 429', () => {
  test('429 with a message beside the email field, recorded in login_throttle, lifted after the wait', async () => {
    const owner = new Client();
    const u = await owner.register({ name: 'Throttled' });
    const c = new Client(); // a fresh source address for each POST: nginx is not what answers
    await c.get(`/${M}/login`, { save: false });
    for (let i = 1; i <= 5; i++) {
      const r = await c.post(`/${M}/login`, { email: u.email, password: `wrong-${i}-${strongPassword()}` });
      assert.equal(r.status, 422, `failure ${i}`);
    }
    const rows = psqlRows(`SELECT failures, blocked_until IS NOT NULL FROM login_throttle WHERE email = ${q(u.email)}`);
    assert.deepEqual(rows, [['5', 't']], 'login_throttle: 5 failures, blocked');
    for (const [what, password] of [['a wrong password', 'wrong-again-x1'], ['the right password', u.password]]) {
      const r = await c.post(`/${M}/login`, { email: u.email, password }, { tag: 'throttled' });
      assert.equal(r.status, 429, `then ${what}: ${r.status}`);
      const e = fieldError(r.body, 'email');
      assert.ok(e && e.beside, `a message beside the email field (${JSON.stringify(fieldErrors(r.body))})`);
      assert.match(e.text, /too many|try again/i);
      assert.ok(!r.body.includes(password), 'the password is not echoed');
    }
    assertSignedOut(await c.get(`/${M}/account`));
    // The wait grows with the failures; once it is over (made so here), the
    // right password works and clears the record.
    psql(`UPDATE login_throttle SET blocked_until = now() - interval '1 second' WHERE email = ${q(u.email)}`);
    const r = await c.post(`/${M}/login`, { email: u.email, password: u.password });
    assert.equal(r.status, 303, `after the wait: ${r.status}`);
    assert.equal(psql(`SELECT count(*) FROM login_throttle WHERE email = ${q(u.email)}`), '0', 'a good sign-in clears the record');
  });
});

function assertSignedOut(r) {
  assert.equal(r.status, 303);
  assert.match(r.location || '', /\/login\?next=/);
}

describe('hostile input on every identity form: 4xx and nothing stored', () => {
  let H; // { id, email, password }
  let user; // H's signed-in Client
  const ADDRESS = {
    full_name: 'Hostile Tester', line1: '1 Hostile Road', line2: '', city: 'Bristol',
    postal_code: 'BS1 4DJ', region: '', country: 'GB', phone: '',
  };

  before(async () => {
    const c = new Client();
    const u = await c.register({ name: 'Hostile Tester' });
    H = { id: u.id, email: u.email, password: u.password };
    H.hash = psql(`SELECT password_hash FROM users WHERE id = ${H.id}`);
    user = c;
  });

  // name, the route's pattern, who sends it, a body that would store
  // something if it got through.
  const FORMS = [
    ['login', '/{m}/login', 'anonymous', () => ({ email: H.email, password: H.password })],
    ['register', '/{m}/register', 'anonymous', () => ({ name: 'Hostile New', email: uniqueEmail('hostile'), password: strongPassword() })],
    ['forgot', '/{m}/password/forgot', 'anonymous', () => ({ email: H.email })],
    ['reset', '/{m}/password/reset', 'anonymous', (f) => ({ token: f.resetToken, password: strongPassword() })],
    ['profile', '/{m}/account/profile', 'user', () => ({ name: 'Hostile Renamed', email: H.email, password: '' })],
    ['password', '/{m}/account/password', 'user', () => ({ current_password: H.password, new_password: strongPassword() })],
    ['address, new', '/{m}/account/addresses', 'user', () => ADDRESS],
    ['address, update', '/{m}/account/addresses/{id}', 'user', () => ({ ...ADDRESS, city: 'Changed City' })],
    ['token, new', '/{m}/account/tokens', 'user', () => [['name', 'hostile'], ['scopes', 'read']]],
  ];

  // Each variant turns a good body (as [key, value] pairs) into a hostile
  // urlencoded string.
  const enc = encodeURIComponent;
  const VARIANTS = [
    ['a value over 64 KiB', (p) => encodeForm(p.map(([k, v], i) => [k, i === 1 ? v + 'a'.repeat(70 * 1024) : v]))],
    ['invalid UTF-8 (%ff)', (p) => p.map(([k, v], i) => `${enc(k)}=${enc(v)}${i === 1 ? '%ff' : ''}`).join('&')],
    ['a lone continuation byte (%80)', (p) => p.map(([k, v], i) => `${enc(k)}=${i === 1 ? '%80' : ''}${enc(v)}`).join('&')],
    ['an overlong encoding (%c0%af)', (p) => p.map(([k, v], i) => `${enc(k)}=${enc(v)}${i === 1 ? '%c0%af' : ''}`).join('&')],
    ['NUL (%00)', (p) => p.map(([k, v], i) => `${enc(k)}=${enc(v)}${i === 1 ? '%00x' : ''}`).join('&')],
    ['NUL in a field name', (p) => `${encodeForm(p)}&na%00me=x`],
    ['10,000 fields', (p) => `${encodeForm(p)}&${Array.from({ length: 10000 }, (_, i) => `f${i}=1`).join('&')}`],
    ['a field name of 1,000 bytes', (p) => `${encodeForm(p)}&${'k'.repeat(1000)}=1`],
    ['duplicate fields', (p) => {
      // Every field but the token twice, the copy different: which one
      // counts is ambiguous, so none may.
      const dup = p.filter(([k]) => k !== 'csrf_token').map(([k, v]) => [k, k === 'scopes' ? 'listings' : `${v}x`]);
      return encodeForm([...p, ...dup]);
    }],
  ];
  const BIG = 'a body over 1 MiB';

  // H as made, whatever the previous form's requests changed.
  function fixtures() {
    psql(`UPDATE users SET name = 'Hostile Tester', email = ${q(H.email)}, password_hash = ${q(H.hash)} WHERE id = ${H.id}`);
    psql(`DELETE FROM login_throttle WHERE email = ${q(H.email)}`);
    const resetToken = newToken();
    psql(`INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (decode(${q(sha256hex(resetToken))}, 'hex'), ${H.id}, now() + interval '1 hour')`);
    psql(`INSERT INTO addresses (user_id, full_name, line1, city, postal_code, country)
          SELECT ${H.id}, 'Hostile Fixture', '2 Hostile Road', 'Bath', 'BA1 1AA', 'GB'
          WHERE NOT EXISTS (SELECT 1 FROM addresses WHERE user_id = ${H.id})`);
    const addressId = psql(`SELECT min(id) FROM addresses WHERE user_id = ${H.id}`);
    return { resetToken, addressId };
  }

  for (const [name, pattern, who, good] of FORMS) {
    test(`${name} (POST ${pattern})`, async () => {
      assert.ok(hasRoute('POST', pattern, TABLE), `the route POST ${pattern} is missing from \`rebound routes\``);
      const f = fixtures();
      const path = pattern.replace('{m}', M).replace('{id}', f.addressId);
      // A session of its own for each form: the anonymous visitor's from
      // the login page, the user's minted for H.
      let c;
      if (who === 'user') {
        [c] = mintSessions([{ userId: H.id, user: H }]);
      } else {
        c = new Client();
        await c.get(`/${M}/login`, { save: false });
      }
      const token = await c.token();
      const pairs = () => {
        const b = good(f);
        return [['csrf_token', token], ...(Array.isArray(b) ? b : Object.entries(b))];
      };
      const before = snapshot();
      const wrong = [];
      for (const [what, make] of VARIANTS) {
        const r = await c.request('POST', path, { body: make(pairs()), tag: 'hostile' });
        if (!REFUSED.includes(r.status)) wrong.push(`${what}: ${r.status}${r.location ? ` -> ${r.location}` : ''}`);
      }
      // Over nginx's client_max_body_size, sent whole, raw.
      const body = `${encodeForm(pairs())}&pad=${'a'.repeat((1 << 20) + 1024)}`;
      const r = await raw(rawRequest('POST', path, {
        'Content-Type': 'application/x-www-form-urlencoded', Cookie: c.cookieHeader(),
      }, body), { localAddress: nextAddress(), timeout: 15000 });
      if (r.status !== 413) wrong.push(`${BIG}: ${r.status}, want 413`);
      const changed = changedTables(before, snapshot());
      assert.deepEqual({ wrong, changed }, { wrong: [], changed: [] },
        `POST ${path}: want ${REFUSED.join('/')} for each, and nothing stored`);
      // The control: the good body goes through (so the refusals above
      // were for the hostile part).
      const control = pairs();
      const ok = await c.request('POST', path, { body: encodeForm(control), tag: 'hostile-control' });
      assert.ok(ok.status < 400, `POST ${path} with the good body: ${ok.status} ${JSON.stringify(fieldErrors(ok.body))}`);
    });
  }
});
