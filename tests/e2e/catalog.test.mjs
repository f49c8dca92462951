// A shopper browses the catalog in a real browser, in two markets: home →
// a category → the Apple brand facet → a condition facet → a product →
// another version of it. Each page gets a full-page screenshot (in
// stack.artifacts), an axe-core accessibility check (serious and critical
// violations fail) and its HTML saved for the Nu HTML Checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { useBrowser, watch } from './browser.mjs';
import { BASE, saveHtml, stack } from '../integration/lib/stack.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const b = useBrowser();

// Runs action (a click, a goto) and returns the main frame's final document
// response once the new page has loaded.
async function navigate(page, action) {
  const done = page.waitForResponse((r) => r.request().isNavigationRequest()
    && r.request().frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400));
  await action();
  const res = await done;
  await page.waitForLoadState('load');
  return res;
}

// axe-core on the page as it stands. The site's CSP (script-src 'self')
// refuses an inline <script>, so page.addScriptTag({content}) cannot be used:
// the source is evaluated through the DevTools protocol, which CSP does not
// govern, and the page's own policy stays untouched.
async function axeCheck(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lines = bad.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n` + v.nodes.slice(0, 5)
    .map((n) => `    ${n.target.join(' ')}`).join('\n') + (v.nodes.length > 5 ? `\n    … ${v.nodes.length - 5} more` : ''));
  assert.equal(bad.length, 0, `axe-core on ${label} (${page.url()}):\n${lines.join('\n')}`);
}

// Screenshot, saved HTML, axe: what every step does with the page it reached.
async function look(page, res, m, n, name) {
  assert.equal(res.status(), 200, `${name}: ${page.url()} answers 200`);
  saveHtml(`catalog ${m} ${n} ${name}`, await res.text());
  await page.screenshot({ path: path.join(stack.artifacts, `catalog-${m}-${n}-${name}.png`), fullPage: true });
  await axeCheck(page, `${m} ${name}`);
}

for (const m of ['en-us', 'fr-fr']) {
  test(`a shopper browses the ${m} catalog down to a product version`, async () => {
    const page = await b.ctx.newPage();
    const problems = watch(page);

    // 1. Home.
    let res = await navigate(page, () => page.goto(`${BASE}/${m}/`));
    await look(page, res, m, 1, 'home');

    // 2. The smartphones tile (found by its picture: the slug is translated).
    const tile = page.locator('.category-tiles a:has(img[src$="/smartphones.svg"])').first();
    assert.ok(await tile.isVisible(), 'a visible smartphones tile');
    res = await navigate(page, () => tile.click());
    assert.match(new URL(page.url()).pathname, new RegExp(`^/${m}/c/[^/?]+$`), 'a category page');
    assert.ok(await page.locator('h1').first().isVisible(), 'a visible heading');
    await look(page, res, m, 2, 'category');

    // 3. Brand: Apple.
    const apple = page.locator('a.facet-value[data-facet=brand][data-value=apple]').first();
    assert.ok(await apple.isVisible(), 'a visible Apple brand facet');
    res = await navigate(page, () => apple.click());
    assert.equal(new URL(page.url()).searchParams.get('brand'), 'apple');
    assert.equal(await page.locator('a.facet-value.is-selected[data-facet=brand][data-value=apple]').count(), 1,
      'the Apple facet shows as selected');
    await look(page, res, m, 3, 'brand');

    // 4. A condition that has results.
    const grades = page.locator('a.facet-value[data-facet=grade]:not(.is-selected)');
    assert.ok(await grades.count() > 0, 'condition facet values to choose from');
    const grade = grades.first();
    const gradeValue = await grade.getAttribute('data-value');
    res = await navigate(page, () => grade.click());
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('brand'), 'apple', 'the URL keeps the brand filter');
    assert.equal(params.get('grade'), gradeValue, 'the URL holds the condition filter');
    assert.equal(await page.locator(`a.facet-value.is-selected[data-facet=grade][data-value="${gradeValue}"]`).count(), 1,
      'the condition facet shows as selected');
    assert.ok(await page.locator('.active-filters .chip').count() >= 2, 'both filters show as removable chips');
    const brands = await page.locator('li.product-card .card-brand').allTextContents();
    assert.ok(brands.length > 0, 'some results');
    assert.deepEqual([...new Set(brands.map((b) => b.trim()))], ['Apple'], 'every result is an Apple device');
    await look(page, res, m, 4, 'brand-grade');

    // 5. The first product.
    const card = page.locator('li.product-card a').first();
    const cardName = (await card.locator('.card-name').innerText()).trim();
    res = await navigate(page, () => card.click());
    assert.match(new URL(page.url()).pathname, new RegExp(`^/${m}/p/[^/?]+$`), 'a product page');
    assert.equal((await page.locator('h1').first().innerText()).trim(), cardName, 'the product the card named');
    await look(page, res, m, 5, 'product');

    // 6. Another version.
    const other = page.locator('a.variant:not(.is-selected)').first();
    assert.ok(await other.count() > 0, 'another version to choose');
    const sku = await other.getAttribute('data-sku');
    res = await navigate(page, () => other.click());
    assert.equal(new URL(page.url()).searchParams.get('variant'), sku, 'the URL names the chosen version');
    const chosen = page.locator(`a.variant[data-sku="${sku}"]`);
    assert.match(await chosen.getAttribute('class'), /\bis-selected\b/, 'the chosen version shows as selected');
    assert.equal(await chosen.getAttribute('aria-current'), 'true');
    assert.equal(await page.locator('a.variant.is-selected').count(), 1, 'exactly one version selected');
    await look(page, res, m, 6, 'variant');

    assert.deepEqual(problems, [], 'no console errors or failed requests');
    await page.close();
  });
}
