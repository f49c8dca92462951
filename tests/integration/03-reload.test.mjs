// Graceful reload: SIGHUP replaces the workers under load without a single
// failed request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alive, masterPid, children, load, logMark, sleep, stack, waitFor, waitReady,
} from './lib/stack.mjs';

// GETs must be 200; the app answers POST /en-us/ with 405, which is fine:
// only a 5xx or a broken connection is a failed request.
const pick = (i) => {
  switch (i % 3) {
    case 0: return { method: 'GET', path: '/en-us/', ok: (s) => s === 200 };
    case 1: return { method: 'POST', path: '/en-us/', body: 'q=1', ok: (s) => s < 500 };
    default: return { method: 'GET', path: '/healthz', ok: (s) => s === 200 };
  }
};

test('10 s of load with a SIGHUP every second: 0 failed requests, new workers', async (t) => {
  await waitReady();
  const master = masterPid();
  const before = children(master);
  assert.ok(before.length > 0, 'the master has workers');
  const nginxLog = logMark(stack.nginxErrorLog);

  let hups = 0;
  const reloads = (async () => {
    for (let i = 0; i < 10; i++) {
      await sleep(1000);
      process.kill(master, 'SIGHUP');
      hups++;
    }
  })();
  const stats = await load({ ms: 10500, concurrency: 32, pick });
  await reloads;

  const detail = JSON.stringify({ total: stats.total, statuses: stats.statuses, failures: stats.failures.slice(0, 10) });
  const upstreamErrors = nginxLog.since().split('\n').filter((l) => /upstream|connect\(\)/.test(l));
  t.diagnostic(`${stats.total} requests, statuses ${JSON.stringify(stats.statuses)}, ${hups} reloads`);
  assert.equal(hups, 10);
  assert.ok(stats.total >= 500, `enough load: ${detail}`);
  assert.equal(stats.failures.length, 0,
    `failed requests across reloads: ${detail}\nnginx: ${upstreamErrors.slice(0, 5).join('\n')}`);
  assert.ok(alive(master), 'the master survives the reloads');

  const now = children(master);
  assert.ok(now.some((p) => !before.includes(p)), `new worker pids (before ${before}, now ${now})`);
  // The old workers drain and exit: nginx retires idle kept connections
  // after keepalive_timeout (10 s); drain_timeout is the backstop.
  await waitFor('the old workers to exit', () => before.every((p) => !alive(p)),
    { timeout: (stack.drainTimeout + 10) * 1000, interval: 200 });
  await waitReady();
});
