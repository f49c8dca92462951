// Failed dependencies and killed workers: the site keeps answering, and
// recovers by itself. Each test puts back what it broke.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openSync, closeSync, writeFileSync } from 'node:fs';
import {
  get, readPid, alive, masterPid, children, waitFor, waitReady, sh,
} from './lib/stack.mjs';

const mcPidfile = process.env.REBOUND_STACK_MEMCACHED_PIDFILE;
const mcCmd = (process.env.REBOUND_STACK_MEMCACHED_CMD || '').split(' ').filter(Boolean);
const mcPort = Number(mcCmd[mcCmd.indexOf('-p') + 1]);

function startMemcached() {
  const log = openSync(process.env.REBOUND_STACK_MEMCACHED_LOG, 'a');
  const child = spawn(mcCmd[0], mcCmd.slice(1), { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  closeSync(log);
  writeFileSync(mcPidfile, `${child.pid}\n`);
  return child.pid;
}

function pgCtl(...args) {
  const [cmd, ...pre] = process.env.REBOUND_STACK_PG_CTL.split(' ');
  return sh(cmd, [...pre, ...args, '-D', process.env.REBOUND_STACK_PG_DATA], { cwd: '/' });
}

describe('memcached down', () => {
  let stopped = false;
  let readyWhileDown = null;
  after(async () => {
    if (stopped && !alive(readPid(mcPidfile))) startMemcached();
    await waitReady(20000);
  });

  test('pages still answer 200 and quickly; all well again after a restart', async () => {
    const pid = readPid(mcPidfile);
    assert.ok(alive(pid), 'memcached runs');
    process.kill(pid, 'SIGTERM');
    stopped = true;
    await waitFor('memcached to exit', () => !alive(pid));

    for (let i = 0; i < 5; i++) {
      for (const p of ['/en-us/', '/de-de/', '/healthz']) {
        const t0 = Date.now();
        const r = await get(p);
        assert.equal(r.status, 200, `${p} with memcached down`);
        assert.ok(Date.now() - t0 < 2000, `${p} took ${Date.now() - t0} ms with memcached down`);
      }
    }
    const ready = await get('/readyz');
    readyWhileDown = { status: ready.status, type: ready.headers.get('content-type'), body: ready.body };

    const newPid = startMemcached();
    await waitFor('memcached to listen', async () => {
      try { sh('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${mcPort}`]); return true; } catch { return false; }
    });
    assert.ok(alive(newPid));
    await waitReady(15000);
    assert.equal((await get('/en-us/')).status, 200);
  });

  // Without memcached the site works, only slower: /readyz stays 200 so a
  // load balancer keeps the host, and says "degraded" so a human sees it.
  test('/readyz said 200 "degraded", cache unreachable, while memcached was down', () => {
    assert.ok(readyWhileDown, 'the test above ran');
    assert.match(readyWhileDown.type || '', /^application\/json/);
    assert.equal(readyWhileDown.status, 200, `/readyz answered ${readyWhileDown.status} ${readyWhileDown.body.trim()}`);
    const body = JSON.parse(readyWhileDown.body);
    assert.equal(body.status, 'degraded');
    assert.equal(body.cache, 'unreachable');
    assert.equal(body.database, 'ok');
  });
});

describe('PostgreSQL restart', () => {
  after(async () => { await waitReady(30000); });

  test('pages work again within a few seconds (the workers reconnect)', async () => {
    assert.equal((await get('/en-us/')).status, 200);
    pgCtl('restart', '-m', 'fast', '-w', '-t', '60', '-s', '-l', process.env.REBOUND_STACK_PG_LOG);
    const t0 = Date.now();
    // Every worker must have reconnected: 20 pages in a row, all 200.
    await waitFor('20 home pages in a row with 200', async () => {
      for (let i = 0; i < 20; i++) {
        const r = await get(i % 2 ? '/en-us/' : '/fr-fr/');
        if (r.status !== 200) return false;
      }
      return true;
    }, { timeout: 5000, interval: 100 });
    const readyz = await get('/readyz');
    assert.equal(readyz.status, 200, '/readyz after the restart');
    assert.ok(Date.now() - t0 < 5000, `recovered in ${Date.now() - t0} ms`);
  });
});

describe('a worker killed with SIGKILL', () => {
  test('is replaced within 1 s and the site keeps answering', async () => {
    const master = masterPid();
    const before = await waitFor('workers', () => { const c = children(master); return c.length ? c : false; });
    const victim = before[0];
    process.kill(victim, 'SIGKILL');
    const t0 = Date.now();
    const after = await waitFor('a replacement worker', () => {
      const c = children(master);
      return !c.includes(victim) && c.length >= before.length ? c : false;
    }, { timeout: 3000, interval: 20 });
    const took = Date.now() - t0;
    assert.ok(took <= 1000, `replaced in ${took} ms`);
    assert.ok(after.some((p) => !before.includes(p)), 'a new worker pid');
    for (let i = 0; i < 10; i++) assert.equal((await get('/en-us/')).status, 200);
  });
});
