// Debian's Chromium through playwright-core, started the one way that works
// on these machines (no downloaded browser; the closed network wants the
// background services off), with a fresh profile that close() removes.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { stack } from '../integration/lib/stack.mjs';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch() {
  mkdirSync(stack.artifacts, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'rebound-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60000,
  });
  return {
    ctx,
    async close() {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// One browser for a test file: started before its tests (then setup(ctx),
// in the same hook: top-level hooks do not wait for each other), closed
// after them. b.ctx is the browser context once the tests run.
export function useBrowser(setup = async () => {}) {
  const b = { browser: null, ctx: null };
  before(async () => {
    b.browser = await launch();
    b.ctx = b.browser.ctx;
    await setup(b.ctx);
  });
  after(async () => {
    await b.browser?.close();
  });
  return b;
}

// Everything that went wrong on a page: console errors (CSP violations among
// them), uncaught exceptions, failed or 4xx/5xx subresources.
export function watch(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${r.status()}: ${r.url()}`);
  });
  return problems;
}
