// The identity journey in a real browser (Debian's Chromium through
// playwright-core): register → sign out → sign in → forgot → reset → sign
// in, with each form's mistakes first: the page comes back with 422, what
// was typed still there (never a password), and each message right beside
// its field. Screenshots go to var/test/artifacts/identity-*.png.
//
// The browser connects from 127.0.0.1, which nginx allows 10 POSTs a
// minute to these forms: this journey makes 9 (the integration tests send
// theirs from other loopback addresses).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser } from './browser.mjs';
import { BASE, saveHtml, stack } from '../integration/lib/stack.mjs';
import { resetLink, uniqueEmail, strongPassword, psql, q } from '../integration/lib/identity.mjs';

const M = 'en-us';
const SHOTS = stack.artifacts;

let page;
const problems = [];
let shot = 0;

useBrowser(async (ctx) => {
  page = await ctx.newPage();
  // Chromium logs every 4xx document as "Failed to load resource": the
  // 422s are the point here; a failed subresource is caught below.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${r.status()}: ${r.url()}`);
  });
});

async function snap(name) {
  shot++;
  await page.screenshot({ path: path.join(SHOTS, `identity-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

async function keep(res, label) {
  const type = res.headers()['content-type'] || '';
  if (type.startsWith('text/html')) saveHtml(`browser identity ${label} ${res.status()}`, await res.text());
}

async function open(url, label) {
  const res = await page.goto(`${BASE}${url}`, { waitUntil: 'load' });
  await keep(res, label);
  return res;
}

// Submits a form with its button and returns the final document's
// response (the 422 itself, or the page a 303 led to).
async function submit(action, label) {
  const button = page.locator(`form[action$="${action}"] button[type="submit"], form[action$="${action}"] input[type="submit"]`).first();
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  await keep(res, label);
  return res;
}

const field = (action, name) => page.locator(`form[action$="${action}"] [name="${name}"]`).first();

async function fill(action, values) {
  for (const [k, v] of Object.entries(values)) await field(action, k).fill(v);
}

// The message for a field: visible, named by its aria-describedby, inside
// the field's own container, right under the control.
async function assertErrorBeside(action, name) {
  const input = field(action, name);
  assert.equal(await input.getAttribute('aria-invalid'), 'true', `${name}: aria-invalid`);
  const ids = ((await input.getAttribute('aria-describedby')) || '').split(/\s+/).filter(Boolean);
  let err = null;
  for (const id of ids) {
    const l = page.locator(`[id="${id}"].field-error`);
    if (await l.count()) { err = l.first(); break; }
  }
  assert.ok(err, `${name}: aria-describedby names a .field-error (${ids.join(' ')})`);
  assert.ok(await err.isVisible(), `${name}: the message is visible`);
  const text = (await err.innerText()).trim();
  assert.ok(text.length > 3, `${name}: the message says something`);
  const together = await input.evaluate((el, id) => {
    const box = el.closest('.field') || el.parentElement;
    return Boolean(box && box.querySelector(`[id="${id}"]`));
  }, await err.getAttribute('id'));
  assert.ok(together, `${name}: the message is in the field's own container`);
  const ib = await input.boundingBox();
  const eb = await err.boundingBox();
  const gap = eb.y - (ib.y + ib.height);
  assert.ok(gap >= -1 && gap < 80, `${name}: the message is right under the control (gap ${Math.round(gap)}px)`);
  assert.ok(eb.x < ib.x + ib.width && eb.x + eb.width > ib.x, `${name}: the message lines up with the control`);
  return text;
}

async function signedIn() {
  return (await page.locator('header form[action$="/logout"] button').count()) > 0;
}

async function signOut() {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('header form[action$="/logout"] button').first().click()]);
  await keep(res, 'after sign-out');
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, `/${M}/`);
  assert.equal(await signedIn(), false, 'the header offers to sign in again');
}

describe('register → sign out → sign in → forgot → reset → sign in', () => {
  const name = 'Browser Tester';
  const email = uniqueEmail('browser');
  const pw1 = strongPassword();
  const pw2 = strongPassword();

  test('register: mistakes shown beside their fields, then the account', async () => {
    await open(`/${M}/register`, 'register');
    await fill('/register', { name, email: 'not-an-email', password: 'short' });
    let res = await submit('/register', 'register invalid');
    assert.equal(res.status(), 422);
    await snap('register-invalid');
    assert.match(await assertErrorBeside('/register', 'email'), /email/i);
    await assertErrorBeside('/register', 'password');
    assert.equal(await field('/register', 'name').inputValue(), name, 'the name is kept');
    assert.equal(await field('/register', 'email').inputValue(), 'not-an-email', 'the email is kept');
    assert.equal(await field('/register', 'password').inputValue(), '', 'the password is not');
    assert.equal(await page.locator('[id="name-error"]').count(), 0, 'no message for the good name');

    await fill('/register', { email, password: pw1 });
    res = await submit('/register', 'register ok');
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/${M}/account`);
    await snap('registered');
    assert.ok(await signedIn(), 'signed in');
    assert.match(await page.locator('header').innerText(), new RegExp(name));
  });

  test('sign out', async () => {
    await signOut();
    await snap('signed-out');
  });

  test('sign in: a wrong password shown beside the field, then the account', async () => {
    await open(`/${M}/login`, 'login');
    await fill('/login', { email, password: `${pw1}-wrong` });
    let res = await submit('/login', 'login invalid');
    assert.equal(res.status(), 422);
    await snap('login-invalid');
    await assertErrorBeside('/login', 'password');
    assert.equal(await field('/login', 'email').inputValue(), email, 'the email is kept');
    assert.equal(await field('/login', 'password').inputValue(), '', 'the password is not');

    await fill('/login', { password: pw1 });
    res = await submit('/login', 'login ok');
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/${M}/account`);
    await snap('signed-in');
    await signOut();
  });

  test('forgot: from the sign-in page; a bad address shown beside the field; then the email', async () => {
    await open(`/${M}/login`, 'login');
    const link = page.locator(`a[href$="/${M}/password/forgot"]`).first();
    const [res0] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    await keep(res0, 'forgot');
    assert.equal(res0.status(), 200);
    await fill('/password/forgot', { email: 'not-an-email' });
    let res = await submit('/password/forgot', 'forgot invalid');
    assert.equal(res.status(), 422);
    await snap('forgot-invalid');
    await assertErrorBeside('/password/forgot', 'email');
    assert.equal(await field('/password/forgot', 'email').inputValue(), 'not-an-email', 'the input is kept');

    await fill('/password/forgot', { email });
    res = await submit('/password/forgot', 'forgot ok');
    assert.equal(res.status(), 200);
    await snap('forgot-sent');
    assert.ok(resetLink(email), 'the reset email is in the outbox');
  });

  test('reset: the link; a short password shown beside the field; then the new password', async () => {
    const link = resetLink(email);
    assert.ok(link, 'a reset link');
    const res0 = await open(link.path, 'reset');
    assert.equal(res0.status(), 200);
    await fill('/password/reset', { password: 'short' });
    let res = await submit('/password/reset', 'reset invalid');
    assert.equal(res.status(), 422);
    await snap('reset-invalid');
    await assertErrorBeside('/password/reset', 'password');
    assert.equal(await field('/password/reset', 'password').inputValue(), '', 'the password is not kept');

    await fill('/password/reset', { password: pw2 });
    res = await submit('/password/reset', 'reset ok');
    assert.equal(res.status(), 200);
    await snap('reset-done');
    assert.equal(psql(`SELECT count(*) FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.email = ${q(email)} AND r.used_at IS NOT NULL`), '1', 'the token is used');
  });

  test('sign in with the new password', async () => {
    if (await signedIn()) await signOut();
    if (!/\/login$/.test(new URL(page.url()).pathname)) await open(`/${M}/login`, 'login');
    await fill('/login', { email, password: pw2 });
    const res = await submit('/login', 'login new password');
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/${M}/account`);
    await snap('signed-in-again');
    assert.ok(await signedIn());
  });

  test('no console errors, CSP violations or failed requests on the way', () => {
    assert.deepEqual(problems, []);
  });
});
