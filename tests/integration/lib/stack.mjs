// Helpers for tests that talk HTTP to the running stack through nginx.
// scripts/dev test starts the stack and exports where everything is
// (REBOUND_HTTP_PORT and REBOUND_STACK_*); these helpers read only that.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

export const PORT = Number(process.env.REBOUND_HTTP_PORT || 18080);
export const BASE = `http://127.0.0.1:${PORT}`;
export const MARKETS = ['en-us', 'en-gb', 'fr-fr', 'de-de', 'es-es'];

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through scripts/dev test`);
  return v;
};

export const stack = {
  get dir() { return env('REBOUND_STACK_DIR'); },
  get root() { return env('REBOUND_STACK_ROOT'); },
  get artifacts() { return env('REBOUND_STACK_ARTIFACTS'); },
  get bin() { return env('REBOUND_STACK_BIN'); },
  get config() { return env('REBOUND_STACK_CONFIG'); },
  get log() { return env('REBOUND_STACK_LOG'); },
  get masterPidfile() { return env('REBOUND_STACK_MASTER_PIDFILE'); },
  get drainTimeout() { return Number(env('REBOUND_STACK_DRAIN_TIMEOUT')); },
  get nginxErrorLog() { return env('REBOUND_STACK_NGINX_ERROR_LOG'); },
};

// --- HTTP ---------------------------------------------------------------

// fetch() against the stack, never following redirects. An HTML body is
// saved for the Nu HTML Checker (tests/e2e/zz-html-validity.test.mjs).
export async function get(pathname, init = {}) {
  const res = await fetch(BASE + pathname, { redirect: 'manual', ...init });
  const body = await res.text();
  const type = res.headers.get('content-type') || '';
  if (type.startsWith('text/html') && body.length > 0) {
    saveHtml(`${init.method || 'GET'} ${pathname} ${res.status}`, body);
  }
  return { status: res.status, headers: res.headers, body, res };
}

export function saveHtml(label, body) {
  const dir = path.join(stack.artifacts, 'html');
  mkdirSync(dir, { recursive: true });
  const slug = label.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 120);
  writeFileSync(path.join(dir, `${slug}.html`), body);
}

// Sends exactly these bytes and returns the parsed response (status, header
// lists, de-chunked body). For requests fetch() would refuse or normalise.
// It resolves as soon as one whole response is in: nginx may keep the
// socket open a while after an error (lingering close).
export function raw(bytes, { localAddress, timeout = 5000, save = true } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port: PORT, localAddress });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (res) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const type = (res.headers['content-type'] || [''])[0];
      if (save && type.startsWith('text/html') && res.body) {
        const line = bytes.slice(0, bytes.indexOf('\r\n')).split(' ');
        saveHtml(`raw ${line[0]} ${line[1]} ${res.status}`, res.body);
      }
      resolve(res);
    };
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      sock.destroy();
      reject(new Error(`no whole answer in ${timeout} ms to ${JSON.stringify(bytes.slice(0, 80))}`));
    }, timeout);
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const res = parseResponse(buf, false);
      if (res) finish(res);
    });
    sock.on('error', (e) => { if (!done && buf.length === 0) { done = true; clearTimeout(timer); reject(e); } });
    sock.on('close', () => { if (!done) finish(parseResponse(buf, true) || { status: 0, statusLine: '', headers: {}, body: '' }); });
  });
}

// Parses one HTTP/1.1 response from buf. Returns null while incomplete
// (unless atEof: then whatever is there).
export function parseResponse(buf, atEof = true) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return atEof ? { status: 0, statusLine: buf.toString('latin1'), headers: {}, body: '' } : null;
  const [statusLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number((statusLine.match(/^HTTP\/1\.[01] (\d{3})/) || [])[1] || 0);
  const headers = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i < 0) continue;
    (headers[l.slice(0, i).trim().toLowerCase()] ||= []).push(l.slice(i + 1).trim());
  }
  let rest = buf.subarray(end + 4);
  let body;
  if (/chunked/i.test((headers['transfer-encoding'] || []).join())) {
    const parts = [];
    for (;;) {
      const nl = rest.indexOf('\r\n');
      if (nl < 0) return atEof ? { status, statusLine, headers, body: Buffer.concat(parts).toString('utf8') } : null;
      const size = parseInt(rest.subarray(0, nl).toString('latin1'), 16);
      if (size === 0) break;
      if (rest.length < nl + 2 + size + 2) return atEof ? { status, statusLine, headers, body: Buffer.concat(parts).toString('utf8') } : null;
      parts.push(rest.subarray(nl + 2, nl + 2 + size));
      rest = rest.subarray(nl + 2 + size + 2);
    }
    body = Buffer.concat(parts);
  } else if (headers['content-length']) {
    const n = Number(headers['content-length'][0]);
    if (rest.length < n && !atEof) return null;
    body = rest.subarray(0, n);
  } else if (status === 304 || status === 204 || (status >= 100 && status < 200)) {
    body = Buffer.alloc(0);
  } else {
    if (!atEof) return null;
    body = rest;
  }
  return { status, statusLine, headers, body: body.toString('utf8') };
}

// A request line and headers for raw(); "Connection: close" so the socket
// ends with the response.
export function rawRequest(method, target, headers = {}, body = '') {
  const h = { Host: `127.0.0.1:${PORT}`, Connection: 'close', ...headers };
  if (body && h['Content-Length'] === undefined) h['Content-Length'] = Buffer.byteLength(body);
  return `${method} ${target} HTTP/1.1\r\n` +
    Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n' + body;
}

// --- processes ----------------------------------------------------------

export function readPid(file) {
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`${file}: no pid`);
  return pid;
}

export function alive(pid) {
  try { process.kill(pid, 0); } catch { return false; }
  // A zombie is dead for our purposes.
  try { return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')); } catch { return false; }
}

export function masterPid() { return readPid(stack.masterPidfile); }

// The master's children: its workers (old draining ones included).
export function children(pid) {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n').filter(Boolean).map(Number).filter(alive);
  } catch { return []; }
}

export async function waitFor(what, fn, { timeout = 10000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
    await sleep(interval);
  }
}

export async function waitReady(timeout = 20000) {
  return waitFor('/readyz 200', async () => (await fetch(BASE + '/readyz')).status === 200, { timeout, interval: 100 });
}

// Starts `rebound serve` as scripts/dev does (detached, same log and pid
// file) after a test stopped it.
export function startServe() {
  const log = openSync(stack.log, 'a');
  const child = spawn(stack.bin, ['serve', '--config', stack.config], {
    detached: true, stdio: ['ignore', log, log], env: process.env,
  });
  child.unref();
  closeSync(log);
  writeFileSync(stack.masterPidfile, `${child.pid}\n`);
  return child.pid;
}

// --- logs ---------------------------------------------------------------

// Remembers where a log ends now; .since() returns what was added after.
export function logMark(file) {
  const size = existsSync(file) ? statSync(file).size : 0;
  return {
    since() {
      if (!existsSync(file)) return '';
      const now = statSync(file).size;
      if (now <= size) return '';
      const fd = openSync(file, 'r');
      const buf = Buffer.alloc(now - size);
      readSync(fd, buf, 0, buf.length, size);
      closeSync(fd);
      return buf.toString('utf8');
    },
  };
}

// --- load ---------------------------------------------------------------

// Runs `concurrency` request loops for `ms` milliseconds over kept
// connections. pick(i) returns { method, path, body?, ok(status) }.
// Returns the counts and the failures (status or connection error).
export async function load({ ms, concurrency = 32, pick }) {
  const stats = { total: 0, ok: 0, failures: [], statuses: {} };
  const end = Date.now() + ms;
  let n = 0;
  const loop = async () => {
    while (Date.now() < end) {
      const i = n++;
      const req = pick(i);
      const t0 = Date.now();
      try {
        const res = await fetch(BASE + req.path, {
          method: req.method,
          body: req.body,
          headers: req.body ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined,
          redirect: 'manual',
        });
        await res.arrayBuffer();
        stats.total++;
        stats.statuses[res.status] = (stats.statuses[res.status] || 0) + 1;
        if (req.ok(res.status)) stats.ok++;
        else stats.failures.push({ t: t0, method: req.method, path: req.path, status: res.status });
      } catch (e) {
        stats.total++;
        stats.failures.push({ t: t0, method: req.method, path: req.path, error: String(e.cause?.code || e.cause?.message || e.message) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return stats;
}

export function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}
