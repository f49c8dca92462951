// A real browser (Debian's Chromium through playwright-core) opens the home
// pages as a shopper would and looks at what a person sees. Screenshots go
// to var/test/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser, watch } from './browser.mjs';
import { BASE, MARKETS, saveHtml, stack } from '../integration/lib/stack.mjs';


const SHOTS = stack.artifacts;
const b = useBrowser();

const SEEN = {
  'en-gb': { market: /United Kingdom/, currency: /\bGBP\b|£/ },
  'de-de': { market: /Deutschland/, currency: /\bEUR\b|€/ },
};

async function openHome(page, m, shot) {
  const problems = watch(page);
  const res = await page.goto(`${BASE}/${m}/`, { waitUntil: 'load' });
  assert.equal(res.status(), 200);
  saveHtml(`browser ${m}`, await res.text());
  await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
  const text = await page.locator('body').innerText();

  const h1 = page.locator('h1').first();
  assert.ok(await h1.isVisible(), 'a visible main heading');
  assert.match(await h1.innerText(), SEEN[m].market, 'the heading names the market');
  assert.match(await page.evaluate(() => document.documentElement.lang), /^[a-z]{2}(-[A-Za-z]{2})?$/, 'the page says its language');
  assert.match(text, SEEN[m].currency, `prices are in the currency of ${m}`);

  const footer = page.locator('footer').first();
  assert.ok(await footer.isVisible(), 'a visible footer');
  assert.ok((await footer.innerText()).trim().length > 0, 'the footer says something');

  // The market switcher, in the page header, shows the current market and
  // offers every market.
  const header = page.locator('header').first();
  assert.ok(await header.isVisible(), 'a visible page header');
  assert.match(await header.innerText(), SEEN[m].market, 'the header shows the current market');
  for (const other of MARKETS) {
    const n = await header.locator(`a[href$="/${other}/"], option[value="${other}"], option[value$="/${other}/"]`).count();
    assert.ok(n > 0, `the market switcher offers ${other}`);
  }
  return problems;
}

for (const m of ['en-gb', 'de-de']) {
  test(`a shopper sees the ${m} home page`, async () => {
    const page = await b.ctx.newPage();
    const problems = await openHome(page, m, `${m}-home.png`);
    assert.deepEqual(problems, [], 'no console errors or failed requests');
    await page.close();
  });
}

test('the de-de home page fits a phone screen', async () => {
  const page = await b.ctx.newPage();
  await page.setViewportSize({ width: 375, height: 740 });
  const res = await page.goto(`${BASE}/de-de/`);
  assert.equal(res.status(), 200);
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw <= cw, `no sideways scrolling (content ${sw}px wide on a ${cw}px screen)`);
  await page.screenshot({ path: path.join(SHOTS, 'de-de-home-phone.png'), fullPage: true });
  await page.close();
});

test('the market switcher takes a shopper from en-gb to de-de', async () => {
  const page = await b.ctx.newPage();
  const problems = watch(page);
  assert.equal((await page.goto(`${BASE}/en-gb/`)).status(), 200);
  const link = page.locator('header a[href$="/de-de/"]').first();
  if (await link.count() && !(await link.isVisible())) {
    // A disclosure (<details>) or menu button opens the switcher first.
    const opener = page.locator('header details:has(a[href$="/de-de/"]) > summary, header button[aria-expanded="false"]').first();
    if (await opener.count()) await opener.click();
  }
  if (await link.count() && await link.isVisible()) {
    await Promise.all([page.waitForURL(/\/de-de\/$/), link.click()]);
  } else {
    // A <select> in a form: choose, then submit (with its button, or the
    // page's own script if it has one).
    const select = page.locator('header select:has(option[value="de-de"]), select:has(option[value$="/de-de/"])').first();
    assert.ok(await select.count(), 'a link or a select for de-de');
    const value = await select.locator('option[value="de-de"], option[value$="/de-de/"]').first().getAttribute('value');
    await select.selectOption(value);
    if (!/\/de-de\/$/.test(page.url())) {
      const button = select.locator('xpath=ancestor::form//button | ancestor::form//input[@type="submit"]').first();
      await Promise.all([page.waitForURL(/\/de-de\/$/), button.click()]);
    }
  }
  await page.screenshot({ path: path.join(SHOTS, 'switched-to-de-de.png') });
  assert.match(new URL(page.url()).pathname, /^\/de-de\/$/);
  assert.match(await page.locator('h1').first().innerText(), /Deutschland/);
  assert.match(await page.locator('header').first().innerText(), /Deutschland/, 'the switcher shows the new market');
  assert.deepEqual(problems, []);
  await page.close();
});
