// Losing memcached never signs anyone out: 20 signed-in sessions request
// their account page (and the home page) in a loop while memcached is
// stopped and started again, flushed, and hung for 3 s. Every account
// request stays 200 (never a 303 to the sign-in page), and none is a 5xx.
// Sessions live in PostgreSQL; memcached only holds copies.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openSync, closeSync, writeFileSync } from 'node:fs';
import { readPid, alive, waitFor, waitReady, sleep } from './lib/stack.mjs';
import { M, Client, memcached, sessionRow } from './lib/identity.mjs';

const SESSIONS = 20;
const mcPidfile = process.env.REBOUND_STACK_MEMCACHED_PIDFILE;
const mcCmd = (process.env.REBOUND_STACK_MEMCACHED_CMD || '').split(' ').filter(Boolean);

function startMemcached() {
  const log = openSync(process.env.REBOUND_STACK_MEMCACHED_LOG, 'a');
  const child = spawn(mcCmd[0], mcCmd.slice(1), { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  closeSync(log);
  writeFileSync(mcPidfile, `${child.pid}\n`);
  return child.pid;
}

async function memcachedListening() {
  return waitFor('memcached to answer', async () => {
    try { return /STAT pid/.test(await memcached('stats', { timeout: 500 })); } catch { return false; }
  }, { timeout: 10000, interval: 50 });
}

let stopped = null; // a pid we sent SIGSTOP and owe a SIGCONT
after(async () => {
  if (stopped && alive(stopped)) process.kill(stopped, 'SIGCONT');
  let pid = null;
  try { pid = readPid(mcPidfile); } catch { /* no file */ }
  if (!pid || !alive(pid)) startMemcached();
  await memcachedListening();
  await waitReady(20000);
});

describe('memcached lost under signed-in load', () => {
  const clients = [];
  const stats = { account: {}, home: {}, failures: [], total: 0 };
  let running = false;
  let loops = [];

  after(() => { for (const c of clients) c.close(); });

  const loop = async (c, i) => {
    let n = i;
    while (running) {
      const path = n++ % 3 === 2 ? `/${M}/` : `/${M}/account`;
      const kind = path.endsWith('/account') ? 'account' : 'home';
      const t0 = Date.now();
      try {
        const r = await c.get(path, { save: false, timeout: 15000 });
        stats.total++;
        stats[kind][r.status] = (stats[kind][r.status] || 0) + 1;
        const cleared = r.setCookies.some((k) => k.name === 'rb_session' && (k.value === '' || k.attrs['max-age'] === '0'));
        if ((kind === 'account' && r.status !== 200) || r.status >= 500 || cleared) {
          stats.failures.push(`${new Date(t0).toISOString()} session ${i}: GET ${path} -> ${r.status}${r.location ? ` ${r.location}` : ''}${cleared ? ' (cookie cleared)' : ''}`);
        }
      } catch (e) {
        stats.total++;
        stats.failures.push(`${new Date(t0).toISOString()} session ${i}: GET ${path} -> ${e.code || e.message}`);
      }
    }
  };

  test(`${SESSIONS} sessions signed in through the site`, async () => {
    // Two accounts, ten sign-ins each: twenty real sessions.
    for (let a = 0; a < 2; a++) {
      const first = new Client({ keepAlive: true });
      const u = await first.register({ name: `Cache Loss ${a}` });
      clients.push(first);
      for (let i = 1; i < SESSIONS / 2; i++) {
        const c = new Client({ keepAlive: true });
        await c.login(u.email, u.password);
        clients.push(c);
      }
    }
    assert.equal(new Set(clients.map((c) => c.session)).size, SESSIONS, 'twenty distinct sessions');
    for (const c of clients) assert.equal((await c.get(`/${M}/account`, { save: false })).status, 200);
    running = true;
    loops = clients.map((c, i) => loop(c, i));
  });

  test('memcached stopped (SIGTERM) for 3 s, then started again', async () => {
    await sleep(1000);
    const pid = readPid(mcPidfile);
    assert.ok(alive(pid), 'memcached runs');
    process.kill(pid, 'SIGTERM');
    await waitFor('memcached to exit', () => !alive(pid), { timeout: 10000 });
    await sleep(3000);
    startMemcached();
    await memcachedListening();
    await sleep(2000);
  });

  test('memcached flushed (flush_all)', async () => {
    assert.equal(await memcached('flush_all'), 'OK');
    await sleep(2000);
  });

  test('memcached hung (SIGSTOP) for 3 s, then SIGCONT', async () => {
    const pid = readPid(mcPidfile);
    process.kill(pid, 'SIGSTOP');
    stopped = pid;
    await sleep(3000);
    process.kill(pid, 'SIGCONT');
    stopped = null;
    await memcachedListening();
    await sleep(2000);
  });

  test('0 sign-outs and 0 server errors', async (t) => {
    running = false;
    await Promise.all(loops);
    const summary = `account ${JSON.stringify(stats.account)}, home ${JSON.stringify(stats.home)}, ${stats.total} requests`;
    t.diagnostic(summary);
    assert.ok(stats.total > SESSIONS * 10, `enough requests ran: ${summary}`);
    assert.deepEqual(stats.failures.slice(0, 20), [], `${stats.failures.length} failures; ${summary}`);
    for (const c of clients) {
      assert.ok(sessionRow(c.session), 'every session is still in PostgreSQL');
      assert.equal((await c.get(`/${M}/account`, { save: false })).status, 200, 'and still signs in');
    }
  });
});
