// Identity over HTTP through nginx, against the real PostgreSQL and
// memcached: the register → logout → login → forgot → reset → login
// journey, every identity form's validation, and the properties of
// sessions, passwords, the authentication log and API tokens.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { BASE } from './lib/stack.mjs';
import {
  M, Client, psql, psqlRows, q, sha256hex, newToken, uniqueEmail, strongPassword, userId,
  sessionRow, memcached, sessionCacheKey, fieldError, fieldErrors, fieldValue, control, resetLink,
  routes, hasRoute, makeAdmin,
} from './lib/identity.mjs';

const ARGON2ID = '$argon2id$v=19$m=19456,t=2,p=1$';
const COOKIE_RE = /^[A-Za-z0-9_-]{43}$/;
const DAYS14 = 14 * 86400;

// Every secret this file sees: none may ever be stored in auth_events.
const SECRETS = new Set();
const secret = (s) => { if (s) SECRETS.add(s); return s; };
const pw = () => secret(strongPassword());

const path = (loc) => (loc ? new URL(loc, BASE).pathname : null);
const full = (loc) => { const u = new URL(loc, BASE); return u.pathname + u.search; };
const TABLE = routes();

function passwordHash(email) {
  return psql(`SELECT password_hash FROM users WHERE email = ${q(email.toLowerCase())}`);
}

function assertSignedOutRedirect(r, what) {
  assert.equal(r.status, 303, `${what}: ${r.status}, want 303 to the sign-in page`);
  assert.match(full(r.location), new RegExp(`^/${M}/login\\?next=`), `${what}: Location ${r.location}`);
}

// The 422 a failed form answers with: the messages beside their fields,
// the fields that were right left alone, the input kept, no password echoed.
function assertFormFailed(r, { errors = [], clean = [], kept = {}, secrets = [], status = 422, action }, what) {
  assert.equal(r.status, status, `${what}: status ${r.status}; errors shown: ${JSON.stringify(fieldErrors(r.body))}`);
  assert.match(r.headers['content-type'] || '', /^text\/html/, `${what}: HTML`);
  const opts = action ? { action } : undefined;
  for (const f of errors) {
    const e = fieldError(r.body, f, opts);
    assert.ok(e, `${what}: no message for "${f}" (messages: ${JSON.stringify(fieldErrors(r.body))})`);
    assert.ok(e.text.length > 3, `${what}: the message for "${f}" says something: ${JSON.stringify(e.text)}`);
    assert.ok(e.beside, `${what}: the message for "${f}" (#${e.id}) sits in the field, after the control`);
    assert.ok(e.invalid, `${what}: the "${f}" control has aria-invalid="true"`);
  }
  for (const f of clean) assert.equal(fieldError(r.body, f, opts), null, `${what}: "${f}" shows no message`);
  for (const [f, v] of Object.entries(kept)) {
    assert.equal(fieldValue(r.body, f, opts), v, `${what}: "${f}" keeps the input`);
  }
  for (const s of secrets) {
    if (s) assert.ok(!r.body.includes(s) && !r.body.includes(encodeURIComponent(s)), `${what}: a password is echoed in the page`);
  }
  assert.match(r.headers['cache-control'] || '', /no-store/, `${what}: Cache-Control no-store`);
}

function needRoute(method, pattern) {
  assert.ok(hasRoute(method, pattern, TABLE), `the route ${method} ${pattern} is missing from \`rebound routes\``);
}

// Forgot: ask for a reset link for email; returns the answer.
async function forgot(c, email) {
  needRoute('POST', '/{m}/password/forgot');
  await c.get(`/${M}/password/forgot`, { save: false });
  return c.post(`/${M}/password/forgot`, { email });
}

async function tokenCreate(c, name, scopes) {
  needRoute('POST', '/{m}/account/tokens');
  const before = new Set(psqlRows(`SELECT id FROM api_tokens WHERE user_id = ${c.user.id}`).map((r) => r[0]));
  const r = await c.post(`/${M}/account/tokens`, [['name', name], ...scopes.map((s) => ['scopes', s])]);
  assert.equal(r.status, 201, `create token: ${r.status} ${JSON.stringify(fieldErrors(r.body))}`);
  const rows = psqlRows(`SELECT id, encode(token_hash, 'hex') FROM api_tokens WHERE user_id = ${c.user.id}`).filter((x) => !before.has(x[0]));
  assert.equal(rows.length, 1, 'one new api_tokens row');
  const [id, hash] = rows[0];
  const shown = [...new Set(r.body.match(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g) || [])];
  const tok = shown.find((t) => sha256hex(t) === hash);
  assert.ok(tok, 'the page shows the new token (43 characters whose SHA-256 is the stored hash)');
  secret(tok);
  return { id: Number(id), token: tok, page: r };
}

describe('the journey: register → logout → login → forgot → reset → login', () => {
  const c = new Client();
  const email = uniqueEmail('journey');
  const pw1 = pw();
  const pw2 = pw();
  let resetToken;

  test('register: the form, then 303 to the account, signed in', async () => {
    let r = await c.get(`/${M}/register`);
    assert.equal(r.status, 200);
    assert.ok(control(r.body, 'csrf_token'), 'the form carries csrf_token');
    for (const f of ['name', 'email', 'password']) assert.ok(control(r.body, f), `the form has "${f}"`);
    r = await c.post(`/${M}/register`, { name: 'Journey Tester', email, password: pw1 });
    assert.equal(r.status, 303, JSON.stringify(fieldErrors(r.body)));
    assert.equal(path(r.location), `/${M}/account`);
    r = await c.get(`/${M}/account`);
    assert.equal(r.status, 200);
    assert.match(r.body, /Journey Tester/);
    assert.ok(r.body.includes(email), 'the account shows the email address');
    assert.ok(passwordHash(email).startsWith(ARGON2ID), 'the stored hash is argon2id with the agreed parameters');
  });

  test('logout: 303 home, and the account asks to sign in', async () => {
    const r = await c.post(`/${M}/logout`, {});
    assert.equal(r.status, 303);
    assert.equal(path(r.location), `/${M}/`);
    assertSignedOutRedirect(await c.get(`/${M}/account`), 'GET /account after logout');
  });

  test('login, back to where the visitor was going (next)', async () => {
    let r = await c.get(`/${M}/account`);
    assertSignedOutRedirect(r, 'signed out');
    r = await c.get(full(r.location));
    assert.equal(r.status, 200);
    assert.equal(fieldValue(r.body, 'next'), `/${M}/account`, 'the form carries next');
    r = await c.post(`/${M}/login`, { email: email.toUpperCase(), password: pw1, next: `/${M}/account?x=1` });
    assert.equal(r.status, 303, JSON.stringify(fieldErrors(r.body)));
    assert.equal(full(r.location), `/${M}/account?x=1`);
    assert.equal((await c.get(`/${M}/account`)).status, 200);
  });

  test('login never sends the visitor to another site', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const d = new Client();
      await d.get(`/${M}/login`, { save: false });
      const r = await d.post(`/${M}/login`, { email, password: pw1, next });
      assert.equal(r.status, 303);
      const u = new URL(r.location, BASE);
      assert.equal(u.origin, BASE, `next=${next} -> ${r.location}`);
      assert.ok(r.location.startsWith('/') && !r.location.startsWith('//') && !r.location.startsWith('/\\'), `next=${next} -> ${r.location}`);
    }
  });

  test('forgot: the form, then a reset email with a link in the outbox', async () => {
    await c.logout();
    needRoute('GET', '/{m}/password/forgot');
    let r = await c.get(`/${M}/password/forgot`);
    assert.equal(r.status, 200);
    assert.ok(control(r.body, 'email'), 'the form has "email"');
    r = await forgot(c, email);
    assert.ok([200, 303].includes(r.status), `POST forgot: ${r.status} ${JSON.stringify(fieldErrors(r.body))}`);
    if (r.status === 303) assert.equal((await c.get(full(r.location))).status, 200, 'the confirmation page');
    const link = resetLink(email);
    assert.ok(link, 'an email to the address holds /{m}/password/reset?token=...');
    resetToken = secret(link.token);
    assert.equal(psql(`SELECT count(*) FROM password_resets WHERE token_hash = decode(${q(sha256hex(resetToken))}, 'hex') AND used_at IS NULL AND expires_at > now()`), '1',
      'the reset token is stored as its SHA-256, unused, not expired');
    const stored = psql(`SELECT string_agg(to_jsonb(p)::text, ',') FROM password_resets p`);
    assert.ok(!stored.includes(resetToken), 'the token itself is stored nowhere');
  });

  test('an admin sees the reset email in /admin/emails; nobody else does', async () => {
    needRoute('GET', '/admin/emails');
    const admin = await makeAdmin({ name: 'Outbox Reader' });
    const r = await admin.client.get('/admin/emails');
    assert.equal(r.status, 200);
    assert.ok(r.body.includes(email), 'the outbox lists the email to the address');
    assert.equal((await c.get('/admin/emails')).status, 303, 'signed out: sent to sign in');
    const shopper = new Client();
    await shopper.register({ name: 'Not An Admin' });
    assert.equal((await shopper.get('/admin/emails')).status, 403, 'a shopper: 403');
  });

  test('reset: the link shows the form; a new password; 303', async () => {
    assert.ok(resetToken, 'the step above found a token');
    let r = await c.get(`/${M}/password/reset?token=${resetToken}`);
    assert.equal(r.status, 200);
    assert.ok(control(r.body, 'password'), 'the form has "password"');
    assert.equal(fieldValue(r.body, 'token'), resetToken, 'the form carries the token');
    r = await c.post(`/${M}/password/reset`, { token: resetToken, password: pw2 });
    assert.ok([303].includes(r.status), `POST reset: ${r.status} ${JSON.stringify(fieldErrors(r.body))}`);
    assert.ok(passwordHash(email).startsWith(ARGON2ID), 'the new hash is argon2id');
    assert.equal(psql(`SELECT used_at IS NOT NULL FROM password_resets WHERE token_hash = decode(${q(sha256hex(resetToken))}, 'hex')`), 't', 'used_at is set');
  });

  test('the token works once', async () => {
    assert.ok(resetToken, 'the steps above found a token');
    const before = passwordHash(email);
    const d = new Client();
    await d.get(`/${M}/login`, { save: false });
    const r = await d.post(`/${M}/password/reset`, { token: resetToken, password: strongPassword() });
    assert.ok(r.status >= 400 && r.status < 500, `a used token: ${r.status}, want 4xx`);
    assert.equal(passwordHash(email), before, 'the password did not change');
  });

  test('login: the old password fails, the new one works', async () => {
    await c.logout();
    let r = await c.login(email, pw1, { expect: null });
    assert.equal(r.status, 422, 'the old password');
    r = await c.login(email, pw2, { expect: null });
    assert.equal(r.status, 303, 'the new password');
    assert.equal((await c.get(`/${M}/account`)).status, 200);
  });
});

describe('validation: 422, the input kept, a message beside each wrong field', () => {
  const owner = new Client();
  const ownerPw = pw();
  const other = { email: uniqueEmail('taken') };

  test('register', async () => {
    await owner.register({ name: 'Form Owner', password: ownerPw });
    const tricky = `Zoë <O'Brien> & "Co"`;
    const cases = [
      ['everything empty', { name: '', email: '', password: '' }, { errors: ['name', 'email', 'password'] }],
      ['bad email, short password; the name kept, escaped', { name: tricky, email: 'not-an-email', password: secret('Qz7!x') },
        { errors: ['email', 'password'], clean: ['name'], kept: { name: tricky, email: 'not-an-email' }, secrets: ['Qz7!x'] }],
      ['a common password', { name: 'Ok Name', email: uniqueEmail('common'), password: 'password123' }, { errors: ['password'], clean: ['name', 'email'] }],
      ['the password is the email', { name: 'Ok Name', email: 'same.as.pw@example.com', password: 'same.as.pw@example.com' }, { errors: ['password'] }],
      ['a name of 101 characters', { name: 'x'.repeat(101), email: uniqueEmail('long'), password: pw() }, { errors: ['name'], clean: ['email', 'password'] }],
      ['an email with a space', { name: 'Ok Name', email: 'a b@example.com', password: pw() }, { errors: ['email'], kept: { email: 'a b@example.com' } }],
      ['an address already registered', { name: 'Ok Name', email: owner.user.email.toUpperCase(), password: pw() }, { errors: ['email'], kept: { name: 'Ok Name' } }],
    ];
    const c = new Client();
    await c.get(`/${M}/register`, { save: false });
    for (const [what, fields, want] of cases) {
      const users = psql('SELECT count(*) FROM users');
      const r = await c.post(`/${M}/register`, fields, { tag: what.split(/[ ,;]/)[0] });
      assertFormFailed(r, { secrets: [fields.password].filter((p) => p && p.length > 3 && !p.includes('@')), ...want }, `register, ${what}`);
      assert.ok(!r.body.includes(`<O'Brien>`), `register, ${what}: the name is escaped`);
      assert.equal(psql('SELECT count(*) FROM users'), users, `register, ${what}: no user stored`);
      assert.equal(fieldValue(r.body, 'password'), '', `register, ${what}: the password field is empty`);
    }
    assertSignedOutRedirect(await c.get(`/${M}/account`), 'still signed out');
  });

  test('login', async () => {
    const c = new Client();
    await c.get(`/${M}/login`, { save: false });
    const wrong = secret(strongPassword());
    let r = await c.post(`/${M}/login`, { email: owner.user.email, password: wrong }, { tag: 'wrong' });
    assertFormFailed(r, { errors: ['password'], kept: { email: owner.user.email }, secrets: [wrong] }, 'login, a wrong password');
    const known = fieldError(r.body, 'password').text;
    r = await c.post(`/${M}/login`, { email: uniqueEmail('nobody'), password: wrong }, { tag: 'unknown' });
    assertFormFailed(r, { errors: ['password'], secrets: [wrong] }, 'login, an unknown address');
    assert.equal(fieldError(r.body, 'password').text, known, 'the same message whether the account exists or not');
    r = await c.post(`/${M}/login`, { email: '', password: '' }, { tag: 'empty' });
    assert.equal(r.status, 422, 'login, empty');
    assert.ok(Object.keys(fieldErrors(r.body)).length > 0, 'login, empty: a message');
    assertSignedOutRedirect(await c.get(`/${M}/account`), 'not signed in');
  });

  test('forgot', async () => {
    needRoute('POST', '/{m}/password/forgot');
    const c = new Client();
    const emails = psql('SELECT count(*) FROM emails');
    for (const [what, email] of [['empty', ''], ['not an address', 'not-an-email']]) {
      const r = await forgot(c, email);
      assertFormFailed(r, { errors: ['email'], kept: { email } }, `forgot, ${what}`);
    }
    assert.equal(psql('SELECT count(*) FROM emails'), emails, 'no email queued');
    // The same answer for an address with no account: nothing to learn.
    const known = await forgot(c, owner.user.email);
    const unknown = await forgot(c, uniqueEmail('nobody'));
    assert.ok([200, 303].includes(known.status), `forgot, a known address: ${known.status}`);
    assert.equal(unknown.status, known.status, 'forgot answers the same for an unknown address');
    assert.equal(path(unknown.location), path(known.location), 'and sends to the same page');
    assert.equal(psql(`SELECT count(*) FROM emails WHERE to_address = ${q(owner.user.email)}`), '1', 'one email for the known address');
  });

  test('reset', async () => {
    needRoute('POST', '/{m}/password/reset');
    const link = resetLink(owner.user.email);
    assert.ok(link, 'the forgot test queued a reset email');
    secret(link.token);
    const c = new Client();
    await c.get(`/${M}/password/reset?token=${link.token}`, { save: false });
    const before = passwordHash(owner.user.email);
    for (const [what, password, field] of [['too short', secret('Qz7!x'), 'password'], ['common', 'password123', 'password'], ['empty', '', 'password']]) {
      const r = await c.post(`/${M}/password/reset`, { token: link.token, password }, { tag: what });
      assertFormFailed(r, { errors: [field], kept: { token: link.token }, secrets: [password].filter((p) => p.length > 3) }, `reset, ${what}`);
    }
    for (const [what, token] of [['an unknown token', newToken()], ['a malformed token', 'abc'], ['no token', '']]) {
      const r = await c.post(`/${M}/password/reset`, { token, password: strongPassword() }, { tag: what.split(' ').pop() });
      assert.ok(r.status >= 400 && r.status < 500, `reset, ${what}: ${r.status}, want 4xx`);
    }
    assert.equal(passwordHash(owner.user.email), before, 'the password did not change');
    assert.equal(psql(`SELECT count(*) FROM password_resets WHERE user_id = ${owner.user.id} AND used_at IS NOT NULL`), '0', 'the token is still unused');
  });

  test('profile', async () => {
    const o = new Client();
    await o.register({ email: other.email, name: 'Taken Address' });
    const nameBefore = psql(`SELECT name || ' ' || email FROM users WHERE id = ${owner.user.id}`);
    const cases = [
      ['an empty name', { name: '', email: owner.user.email, password: '' }, { errors: ['name'], kept: { email: owner.user.email } }],
      ['a bad email', { name: 'New Name', email: 'nope', password: '' }, { errors: ['email'], kept: { name: 'New Name', email: 'nope' } }],
      ['a new email without the password', { name: 'New Name', email: uniqueEmail('moved'), password: '' }, { errors: ['password'], kept: { name: 'New Name' } }],
      ['a new email with a wrong password', { name: 'New Name', email: uniqueEmail('moved'), password: secret(strongPassword()) }, { errors: ['password'] }],
      ['an email another account has', { name: 'New Name', email: other.email, password: ownerPw }, { errors: ['email'], kept: { email: other.email }, secrets: [ownerPw] }],
    ];
    for (const [what, fields, want] of cases) {
      const r = await owner.post(`/${M}/account/profile`, fields, { tag: what.split(' ').pop() });
      assertFormFailed(r, { action: '/account/profile', secrets: [fields.password], ...want }, `profile, ${what}`);
    }
    assert.equal(psql(`SELECT name || ' ' || email FROM users WHERE id = ${owner.user.id}`), nameBefore, 'nothing saved');
    const r = await owner.post(`/${M}/account/profile`, { name: 'Renamed Owner', email: owner.user.email, password: '' });
    assert.equal(r.status, 303, 'a good profile saves');
    assert.match((await owner.get(`/${M}/account`)).body, /Renamed Owner/, 'the page shows the new name (the cached session was refreshed)');
  });

  test('password', async () => {
    const hash = passwordHash(owner.user.email);
    const wrong = secret(strongPassword());
    let r = await owner.post(`/${M}/account/password`, { current_password: wrong, new_password: pw() }, { tag: 'wrong' });
    assertFormFailed(r, { action: '/account/password', errors: ['current_password'], secrets: [wrong] }, 'password, a wrong current one');
    r = await owner.post(`/${M}/account/password`, { current_password: ownerPw, new_password: secret('Qz7!x') }, { tag: 'short' });
    assertFormFailed(r, { action: '/account/password', errors: ['new_password'], clean: ['current_password'], secrets: [ownerPw, 'Qz7!x'] }, 'password, a short new one');
    r = await owner.post(`/${M}/account/password`, { current_password: ownerPw, new_password: 'password123' }, { tag: 'common' });
    assertFormFailed(r, { action: '/account/password', errors: ['new_password'], secrets: [ownerPw] }, 'password, a common new one');
    assert.equal(passwordHash(owner.user.email), hash, 'the password did not change');
  });

  test('addresses', async () => {
    needRoute('POST', '/{m}/account/addresses');
    const good = { full_name: 'Ada Owner', line1: '1 Kept Street', line2: '', city: 'Leeds', postal_code: 'LS1 1AA', region: '', country: 'GB', phone: '' };
    const count = () => psql(`SELECT count(*) || ' ' || coalesce(md5(string_agg(to_jsonb(a)::text, ',' ORDER BY id)), '') FROM addresses a WHERE user_id = ${owner.user.id}`);
    let before = count();
    const action = `/${M}/account/addresses`;
    let r = await owner.post(action, { full_name: '', line1: '', line2: '', city: '', postal_code: '', region: '', country: '', phone: '' }, { tag: 'empty' });
    assertFormFailed(r, { action, errors: ['full_name', 'line1', 'city', 'postal_code', 'country'] }, 'address, everything empty');
    r = await owner.post(action, { ...good, postal_code: 'X'.repeat(17) }, { tag: 'postcode' });
    assertFormFailed(r, { action, errors: ['postal_code'], clean: ['full_name', 'line1', 'city'], kept: { full_name: good.full_name, line1: good.line1, city: good.city } }, 'address, a postal code of 17 characters');
    r = await owner.post(action, { ...good, country: 'XX' }, { tag: 'country' });
    assertFormFailed(r, { action, errors: ['country'], kept: { full_name: good.full_name } }, 'address, an unknown country');
    assert.equal(count(), before, 'no address stored');
    r = await owner.post(action, good);
    assert.equal(r.status, 303, `a good address: ${r.status} ${JSON.stringify(fieldErrors(r.body))}`);
    const id = psql(`SELECT max(id) FROM addresses WHERE user_id = ${owner.user.id}`);
    before = count();
    const edit = `/${M}/account/addresses/${id}`;
    r = await owner.post(edit, { ...good, city: '' }, { tag: 'update-empty-city' });
    assertFormFailed(r, { action: edit, errors: ['city'], clean: ['full_name'], kept: { full_name: good.full_name, line1: good.line1 } }, 'address update, an empty city');
    assert.equal(count(), before, 'the address did not change');
  });

  test('API tokens', async () => {
    needRoute('POST', '/{m}/account/tokens');
    const action = `/${M}/account/tokens`;
    const before = psql(`SELECT count(*) FROM api_tokens WHERE user_id = ${owner.user.id}`);
    let r = await owner.post(action, { name: '' }, { tag: 'empty' });
    assertFormFailed(r, { action, errors: ['name'] }, 'token, no name and no scope');
    assert.ok(fieldErrors(r.body)['scopes-error'], 'token, no scope: a message for the scopes');
    r = await owner.post(action, { name: 'kept name' }, { tag: 'no-scope' });
    assertFormFailed(r, { action, clean: ['name'], kept: { name: 'kept name' } }, 'token, no scope');
    assert.ok(fieldErrors(r.body)['scopes-error'], 'token, no scope: a message for the scopes');
    r = await owner.post(action, [['name', 'bad scope'], ['scopes', 'admin']], { tag: 'bad-scope' });
    assert.equal(r.status, 422, 'token, an unknown scope');
    assert.ok(fieldErrors(r.body)['scopes-error'], 'token, an unknown scope: a message for the scopes');
    r = await owner.post(action, [['name', 'x'.repeat(101)], ['scopes', 'read']], { tag: 'long' });
    assertFormFailed(r, { action, errors: ['name'] }, 'token, a name of 101 characters');
    assert.equal(psql(`SELECT count(*) FROM api_tokens WHERE user_id = ${owner.user.id}`), before, 'no token made');
  });
});

describe('sessions', () => {
  const user = { email: uniqueEmail('sess'), password: pw(), name: 'Session Tester' };

  test('the cookie: rb_session, 43 base64url characters, HttpOnly, SameSite=Lax, Path=/, 14 days', async () => {
    const c = new Client();
    let r = await c.get(`/${M}/register`);
    const anon = r.setCookies.find((x) => x.name === 'rb_session');
    assert.ok(anon, 'the form page sets a session cookie (its CSRF token needs one)');
    r = await c.post(`/${M}/register`, user);
    assert.equal(r.status, 303);
    for (const [what, res] of [['form page', { setCookies: [anon] }], ['register', r]]) {
      const k = res.setCookies.find((x) => x.name === 'rb_session');
      assert.ok(k, `${what}: Set-Cookie rb_session`);
      assert.match(k.value, COOKIE_RE, `${what}: the value`);
      assert.equal(k.attrs.httponly, true, `${what}: HttpOnly`);
      assert.equal(String(k.attrs.samesite).toLowerCase(), 'lax', `${what}: SameSite=Lax`);
      assert.equal(k.attrs.path, '/', `${what}: Path=/`);
      assert.equal(Number(k.attrs['max-age']), DAYS14, `${what}: Max-Age 14 days`);
      assert.equal(k.attrs.domain, undefined, `${what}: no Domain (host-only)`);
    }
    const row = sessionRow(c.session);
    assert.ok(row, 'the session is in PostgreSQL under the SHA-256 of the cookie');
    assert.equal(row.userId, userId(user.email));
    assert.equal(row.lifetime, DAYS14, 'expires_at is 14 days after created_at');
    assert.equal(psql(`SELECT count(*) FROM sessions WHERE encode(id_hash, 'escape') LIKE ${q(`%${c.session}%`)}`), '0', 'the cookie value itself is stored nowhere');
    r = await c.get(`/${M}/account`);
    assert.match(r.headers['cache-control'] || '', /no-store|private/, 'a signed-in page is never shared-cached');
  });

  test('fixation: the id changes at login and the old one is dead', async () => {
    const c = new Client();
    await c.get(`/${M}/login`);
    const pre = c.session;
    assert.match(pre || '', COOKIE_RE, 'an anonymous session before login');
    assert.ok(sessionRow(pre), 'it is in PostgreSQL');
    const r = await c.login(user.email, user.password);
    const k = r.setCookies.find((x) => x.name === 'rb_session');
    assert.ok(k && COOKIE_RE.test(k.value), 'login sets a new cookie');
    assert.notEqual(c.session, pre, 'the session id changed');
    assert.equal(sessionRow(pre), null, 'the pre-login session is gone from PostgreSQL');
    assert.equal(await memcached(`get ${sessionCacheKey(pre)}`), 'END', 'and from memcached');
    assertSignedOutRedirect(await c.withCookie(pre).get(`/${M}/account`), 'the pre-login cookie');
    assert.equal((await c.get(`/${M}/account`)).status, 200, 'the new cookie works');
  });

  test('fixation: a cookie the server never issued is replaced, never adopted', async () => {
    const planted = newToken();
    const c = new Client();
    c.session = planted;
    await c.get(`/${M}/login`, { save: false });
    assert.notEqual(c.session, planted, 'the form page issued a session of its own');
    assert.equal(sessionRow(planted), null, 'the planted id is not stored');
    await c.login(user.email, user.password);
    assert.equal(sessionRow(planted), null, 'nor after login');
    assertSignedOutRedirect(await c.withCookie(planted).get(`/${M}/account`), 'the planted cookie');
  });

  test('logout ends the session on the server: the old cookie replayed is signed out', async () => {
    const c = new Client();
    await c.login(user.email, user.password);
    const old = c.session;
    secret(old);
    assert.equal((await c.get(`/${M}/account`)).status, 200);
    const r = await c.logout();
    assert.equal(r.status, 303);
    const k = r.setCookies.find((x) => x.name === 'rb_session');
    assert.ok(k && (k.value === '' || k.attrs['max-age'] === '0'), 'logout clears the cookie');
    assert.equal(sessionRow(old), null, 'the row is deleted');
    assert.equal(await memcached(`get ${sessionCacheKey(old)}`), 'END', 'the cached copy is deleted');
    const replay = c.withCookie(old);
    assertSignedOutRedirect(await replay.get(`/${M}/account`), 'the replayed cookie');
  });

  test('an idle session (last seen 2 hours ago) is rejected and deleted', async () => {
    const c = new Client();
    await c.login(user.email, user.password);
    assert.equal((await c.get(`/${M}/account`)).status, 200);
    psql(`UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE id_hash = decode(${q(sha256hex(c.session))}, 'hex')`);
    assert.match(await memcached(`delete ${sessionCacheKey(c.session)}`), /DELETED|NOT_FOUND/);
    assertSignedOutRedirect(await c.get(`/${M}/account`), 'the idle session');
    assert.equal(sessionRow(c.session), null, 'the idle session is deleted');
  });

  test('a session past its 14 days is rejected', async () => {
    const c = new Client();
    await c.login(user.email, user.password);
    psql(`UPDATE sessions SET created_at = now() - interval '15 days', expires_at = now() - interval '1 day' WHERE id_hash = decode(${q(sha256hex(c.session))}, 'hex')`);
    await memcached(`delete ${sessionCacheKey(c.session)}`);
    assertSignedOutRedirect(await c.get(`/${M}/account`), 'the expired session');
  });

  test('a password change ends every other session of the user, and only those', async () => {
    const u = { email: uniqueEmail('pwchange'), password: pw(), name: 'Changer' };
    const a = new Client();
    await a.register(u);
    const b = new Client();
    await b.login(u.email, u.password);
    const c = new Client();
    await c.login(u.email, u.password);
    const bystander = new Client();
    await bystander.login(user.email, user.password);
    const fresh = pw();
    const r = await a.post(`/${M}/account/password`, { current_password: u.password, new_password: fresh });
    assert.equal(r.status, 303, JSON.stringify(fieldErrors(r.body)));
    assert.equal(full(r.location), `/${M}/account?saved=password`);
    assert.equal((await a.get(`/${M}/account`)).status, 200, 'the session that changed it goes on');
    assertSignedOutRedirect(await b.get(`/${M}/account`), 'another session of the user');
    assertSignedOutRedirect(await c.get(`/${M}/account`), 'a third session of the user');
    assert.equal((await bystander.get(`/${M}/account`)).status, 200, 'another user is untouched');
    assert.equal(psql(`SELECT count(*) FROM sessions WHERE user_id = ${a.user.id}`), '1');
    assert.ok(passwordHash(u.email).startsWith(ARGON2ID), 'the new hash is argon2id');
    assert.equal((await b.login(u.email, u.password, { expect: null })).status, 422, 'the old password is refused');
    await b.login(u.email, fresh);
  });

  test('the sessions page lists the user\'s sessions; "sign out the others" ends them on the server', async () => {
    needRoute('POST', '/{m}/account/sessions/end-others');
    const a = new Client();
    await a.login(user.email, user.password);
    const b = new Client();
    await b.login(user.email, user.password);
    const page = await a.get(`/${M}/account/sessions`);
    assert.equal(page.status, 200);
    const n = Number(psql(`SELECT count(*) FROM sessions WHERE user_id = ${userId(user.email)}
      AND expires_at > now() AND last_seen_at > now() - interval '30 minutes'`));
    assert.ok(n >= 2);
    const ends = page.body.match(/action="[^"]*\/account\/sessions\/[^"/]+\/end"/g) || [];
    assert.ok(ends.length >= n - 1, `an "end" form for each other live session (${ends.length} for ${n} sessions)`);
    assert.ok(!page.body.includes(a.session) && !page.body.includes(b.session), 'no cookie value on the page');
    const r = await a.post(`/${M}/account/sessions/end-others`, {});
    assert.equal(r.status, 303);
    assert.equal((await a.get(`/${M}/account`)).status, 200, 'this session goes on');
    assertSignedOutRedirect(await b.get(`/${M}/account`), 'the other session');
    assert.equal(psql(`SELECT count(*) FROM sessions WHERE user_id = ${userId(user.email)} AND expires_at > now()`), '1');
  });
});

describe('the authentication log', () => {
  test('auth_events has every kind of event, with the user and the address, and no secret', async () => {
    const u = { email: uniqueEmail('events'), password: pw(), name: 'Event Tester' };
    const c = new Client();
    await c.register(u);
    const id = c.user.id;
    await c.logout();
    await c.login(u.email, secret(strongPassword()), { expect: 422 });
    await c.login(u.email, u.password);
    const fresh = pw();
    let r = await c.post(`/${M}/account/password`, { current_password: u.password, new_password: fresh });
    assert.equal(r.status, 303);
    u.password = fresh;
    const steps = ['register', 'logout', 'login_failed', 'login_ok', 'password_changed'];
    try {
      const t = await tokenCreate(c, 'events', ['read']);
      r = await c.post(`/${M}/account/tokens/${t.id}/revoke`, {});
      assert.ok([200, 303].includes(r.status), `revoke: ${r.status}`);
      steps.push('token_created', 'token_revoked');
      await c.logout();
      r = await forgot(c, u.email);
      const link = resetLink(u.email);
      assert.ok(link, 'a reset email');
      secret(link.token);
      r = await c.post(`/${M}/password/reset`, { token: link.token, password: pw() });
      assert.equal(r.status, 303, `reset: ${r.status}`);
      steps.push('reset_requested', 'reset_used');
    } finally {
      const rows = psqlRows(`SELECT event, coalesce(user_id::text, ''), email, coalesce(host(ip), '') FROM auth_events WHERE user_id = ${id} OR email = ${q(u.email)} ORDER BY id`);
      const seen = new Set(rows.map((x) => x[0]));
      for (const e of steps) assert.ok(seen.has(e), `an auth_events row "${e}" (rows: ${[...seen].join(', ')})`);
      for (const [event, uid, , ip] of rows) {
        assert.equal(uid, String(id), `${event}: user_id`);
        assert.match(ip, /^127\./, `${event}: the client's address`);
      }
      for (const [event, , email] of rows.filter((x) => ['login_ok', 'login_failed', 'register'].includes(x[0]))) {
        assert.equal(email, u.email, `${event}: the address typed`);
      }
    }
    for (const e of ['reset_requested', 'reset_used', 'token_created', 'token_revoked']) {
      assert.ok(steps.includes(e), `"${e}" was exercised (its routes exist)`);
    }
  });

  test('no password, token or session id is stored in auth_events', () => {
    const text = psql(`SELECT coalesce(string_agg(to_jsonb(e)::text, ' '), '') FROM auth_events e`);
    assert.ok(text.length > 0, 'there are events');
    const leaked = [...SECRETS].filter((s) => s.length >= 5 && text.includes(s));
    assert.deepEqual(leaked.map((s) => `${s.slice(0, 4)}…`), [], 'secrets found in auth_events');
    const cols = psqlRows(`SELECT column_name FROM information_schema.columns WHERE table_name = 'auth_events'`).map((x) => x[0]);
    for (const bad of cols.filter((x) => /pass|token|secret|hash|cookie|csrf/i.test(x))) assert.fail(`auth_events has a column "${bad}"`);
  });
});

describe('API tokens on /api/v1/me', () => {
  const c = new Client();
  let good;
  let noRead;

  test('made in the account: 201, the secret shown once, stored hashed', async () => {
    await c.register({ name: 'Token Owner' });
    needRoute('GET', '/{m}/account/tokens');
    const page = await c.get(`/${M}/account/tokens`);
    assert.equal(page.status, 200);
    good = await tokenCreate(c, 'ci read', ['read']);
    assert.match(good.page.headers['cache-control'] || '', /no-store/, 'the page with the secret is not cached');
    const again = await c.get(`/${M}/account/tokens`);
    assert.equal(again.status, 200);
    assert.ok(!again.body.includes(good.token), 'the secret is not shown again');
    assert.ok(again.body.includes('ci read'), 'the token is listed by name');
    const row = psql(`SELECT to_jsonb(t)::text FROM api_tokens t WHERE id = ${good.id}`);
    assert.ok(!row.includes(good.token), 'the secret is not stored, only its hash');
    assert.equal(psql(`SELECT array_to_string(scopes, ' ') FROM api_tokens WHERE id = ${good.id}`), 'read');
    noRead = await tokenCreate(c, 'orders only', ['orders']);
  });

  const me = (headers) => c.withCookie(null).get('/api/v1/me', { headers });

  test('no credentials: 401 with WWW-Authenticate: Bearer', async () => {
    needRoute('GET', '/api/v1/me');
    const r = await me({});
    assert.equal(r.status, 401);
    assert.match(r.headers['www-authenticate'] || '', /^Bearer\b/);
    assert.match(r.headers['content-type'] || '', /^application\/problem\+json/);
  });

  test('a wrong or malformed token: 401 invalid_token', async () => {
    for (const t of [newToken(), 'abc', `${newToken()}x`, '']) {
      const r = await me({ Authorization: `Bearer ${t}` });
      assert.equal(r.status, 401, `Bearer ${JSON.stringify(t)}`);
      assert.match(r.headers['www-authenticate'] || '', /^Bearer\b/, `Bearer ${JSON.stringify(t)}: WWW-Authenticate`);
    }
    const r = await me({ Authorization: `Bearer ${newToken()}` });
    assert.match(r.headers['www-authenticate'] || '', /error="invalid_token"/);
  });

  test('the good token: 200, the owner, no cookie set', async () => {
    assert.ok(good, 'the token was made');
    const r = await me({ Authorization: `Bearer ${good.token}` });
    assert.equal(r.status, 200, r.body);
    assert.match(r.headers['content-type'] || '', /^application\/json/);
    assert.ok(r.body.includes(c.user.email), 'it answers for the token\'s owner');
    assert.ok(!r.headers['set-cookie'], 'a token call sets no cookie');
    assert.equal(psql(`SELECT last_used_at IS NOT NULL FROM api_tokens WHERE id = ${good.id}`), 't', 'last_used_at is recorded');
  });

  test('the session cookie works too', async () => {
    const r = await c.get('/api/v1/me');
    assert.equal(r.status, 200);
    assert.ok(r.body.includes(c.user.email));
  });

  test('a token without the read scope: 403', async () => {
    assert.ok(noRead, 'the token was made');
    const r = await me({ Authorization: `Bearer ${noRead.token}` });
    assert.equal(r.status, 403, r.body);
    assert.match(r.headers['content-type'] || '', /^application\/problem\+json/);
  });

  test('a revoked token: 401', async () => {
    assert.ok(good, 'the token was made');
    needRoute('POST', '/{m}/account/tokens/{id}/revoke');
    const r = await c.post(`/${M}/account/tokens/${good.id}/revoke`, {});
    assert.ok([200, 303].includes(r.status), `revoke: ${r.status}`);
    assert.equal(psql(`SELECT revoked_at IS NOT NULL FROM api_tokens WHERE id = ${good.id}`), 't');
    const after = await me({ Authorization: `Bearer ${good.token}` });
    assert.equal(after.status, 401);
    assert.match(after.headers['www-authenticate'] || '', /error="invalid_token"/);
  });
});
