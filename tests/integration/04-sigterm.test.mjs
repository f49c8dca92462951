// SIGTERM: the master stops taking new work, lets in-flight requests finish,
// then exits with its workers. nginx answers with its error pages meanwhile.
// The test starts `rebound serve` again afterwards, as scripts/dev does.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  alive, masterPid, children, get, load, sleep, stack, startServe, waitFor, waitReady,
} from './lib/stack.mjs';

let stopped = false;
after(async () => {
  if (stopped) {
    startServe();
    await waitReady(30000);
  }
});

test('SIGTERM drains: requests in flight finish, then master and workers exit', async (t) => {
  await waitReady();
  const master = masterPid();
  const workers = children(master);
  assert.ok(workers.length > 0);

  let sigAt = Infinity;
  const term = (async () => {
    await sleep(1500);
    sigAt = Date.now();
    process.kill(master, 'SIGTERM');
    stopped = true;
  })();
  const stats = await load({
    ms: 3000, concurrency: 16, pick: () => ({ method: 'GET', path: '/en-us/', ok: (s) => s === 200 }),
  });
  await term;

  // A request sent well before the signal was in flight or done: each must
  // have its full 200 answer. Later ones may meet a closed socket (502).
  t.diagnostic(`${stats.total} requests, statuses ${JSON.stringify(stats.statuses)}`);
  const early = stats.failures.filter((f) => f.t < sigAt - 20);
  assert.deepEqual(early, [], `requests sent before SIGTERM failed (of ${stats.total}: ${JSON.stringify(stats.statuses)})`);
  assert.ok(stats.ok > 50, `load ran: ${JSON.stringify(stats.statuses)}`);

  await waitFor('the master to exit', () => !alive(master),
    { timeout: (stack.drainTimeout + 10) * 1000, interval: 100 });
  for (const w of workers) assert.ok(!alive(w), `worker ${w} exited with the master`);

  // The app is down: nginx's own error pages, HTML for pages and
  // problem+json under /api/.
  const page = await get('/en-us/');
  assert.equal(page.status, 502);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(page.body, /unavailable/i);
  assert.match(page.headers.get('x-request-id') || '', /^[0-9a-f]{32}$/);
  const api = await get('/api/v1/markets');
  assert.equal(api.status, 502);
  assert.match(api.headers.get('content-type'), /^application\/problem\+json/);
  JSON.parse(api.body);
});
