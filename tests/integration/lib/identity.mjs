// Helpers for the identity and security tests: a browser-like HTTP client
// with a cookie jar and its own source address, PostgreSQL through psql,
// memcached's text protocol, the rebound CLI, the route table, and readers
// of the form pages' markup.
//
// Source addresses: nginx allows 10 POSTs a minute per client address to
// the login, registration and password forms (nginx/rebound.conf.in). A
// functional test must not trip over that limit, and the limit's own test
// must start from a clean address; so every Client sends from an address
// of its own in 127.0.0.0/8 (Linux routes the whole block to lo), and a
// Client that is not pinned sends each of those POSTs from a fresh one.
// 127.0.0.1 is left to the browser tests.
import http from 'node:http';
import net from 'node:net';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PORT, saveHtml, stack, sleep } from './stack.mjs';

export const M = 'en-us';

// --- addresses ------------------------------------------------------------

let addrSeq = randomInt(1 << 22);

// A loopback address no other Client of this run has used (127.16.0.1 to
// 127.79.255.254; each test file starts at a random place).
export function nextAddress() {
  for (;;) {
    const n = addrSeq++ % (64 << 16);
    const last = n & 255;
    if (last === 0 || last === 255) continue;
    return `127.${16 + (n >> 16)}.${(n >> 8) & 255}.${last}`;
  }
}

// The paths nginx rate-limits (POST only).
export const LIMITED = /^\/[a-z]{2}-[a-z]{2}\/(login|register|password\/)/;

// --- small things -----------------------------------------------------------

export const sha256hex = (s) => createHash('sha256').update(s).digest('hex');

// A token in the app's format: 32 random bytes, base64url, 43 characters.
export const newToken = () => randomBytes(32).toString('base64url');

export const unique = (what = 'u') => `${what}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export const uniqueEmail = (what = 'user') => `${unique(what)}@example.com`;

// A password nobody's list has.
export const strongPassword = () => `Rb-${randomBytes(9).toString('base64url')}-pass`;

export function encodeForm(fields) {
  if (typeof fields === 'string') return fields;
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields).flatMap(([k, v]) =>
    Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]);
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`.replace(/%20/g, '+')).join('&');
}

// --- HTML -----------------------------------------------------------------

// Text of HTML: the named entities the server writes, and numeric ones.
export const unescapeHtml = (s) => s
  .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
  .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// Attributes of one start tag, names lower-cased, values unescaped.
export function attrs(tag) {
  const out = {};
  const re = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const inner = tag.replace(/^<[a-zA-Z0-9-]+/, '').replace(/\/?>$/, '');
  let m;
  while ((m = re.exec(inner))) out[m[1].toLowerCase()] = unescapeHtml(m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

// Every <input>, <textarea> and <select> start tag with its position.
function controls(html) {
  const out = [];
  const re = /<(input|textarea|select)\b[^>]*>/gi;
  let m;
  while ((m = re.exec(html))) out.push({ tag: m[0], kind: m[1].toLowerCase(), index: m.index, a: attrs(m[0]) });
  return out;
}

// The first control named name (in the form whose action ends with
// action, if given).
export function control(html, name, { action } = {}) {
  let scope = html;
  let offset = 0;
  if (action) {
    const f = formHtml(html, action);
    if (!f) return null;
    scope = f.html;
    offset = f.index;
  }
  const c = controls(scope).find((x) => x.a.name === name);
  return c ? { ...c, index: c.index + offset } : null;
}

// The value a text control shows (input value or textarea content).
export function fieldValue(html, name, opts) {
  const c = control(html, name, opts);
  if (!c) return undefined;
  if (c.kind === 'textarea') {
    const rest = html.slice(c.index + c.tag.length);
    return unescapeHtml(rest.slice(0, rest.indexOf('</textarea>')));
  }
  return c.a.value ?? '';
}

// The <form ...>...</form> whose action's path ends with action.
export function formHtml(html, action) {
  const re = /<form\b[^>]*>/gi;
  let m;
  while ((m = re.exec(html))) {
    const a = attrs(m[0]);
    const path = (a.action || '').split('?')[0];
    if (path === action || path.endsWith(action)) {
      const end = html.indexOf('</form>', m.index);
      return { html: html.slice(m.index, end < 0 ? undefined : end + 7), index: m.index, attrs: a };
    }
  }
  return null;
}

export function csrfFrom(html) {
  const c = controls(html).find((x) => x.a.name === 'csrf_token' && x.a.value);
  return c ? c.a.value : null;
}

// The error message shown for the control named name: the
// <p class="field-error" id="..."> its aria-describedby points at, which
// must sit in the control's own field (after the control, before the
// field's </div>). Returns { text, id } or null when the field shows none.
export function fieldError(html, name, opts) {
  const c = control(html, name, opts);
  if (!c) return null;
  const ids = (c.a['aria-describedby'] || '').split(/\s+/).filter(Boolean);
  for (const id of ids) {
    const re = new RegExp(`<p\\b[^>]*\\bid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</p>`);
    const m = re.exec(html);
    if (!m || !/\bclass="[^"]*\bfield-error\b/.test(m[0])) continue;
    const between = html.slice(c.index + c.tag.length, m.index);
    return {
      id,
      text: unescapeHtml(m[1].replace(/<[^>]*>/g, '')).trim(),
      beside: m.index > c.index && !/<\/div>|<(input|select|textarea)\b(?![^>]*type="hidden")/i.test(between),
      invalid: c.a['aria-invalid'] === 'true',
    };
  }
  return null;
}

// Every field-error paragraph of a page: { id: text }.
export function fieldErrors(html) {
  const out = {};
  const re = /<p\b[^>]*\bclass="[^"]*\bfield-error\b[^"]*"[^>]*>([\s\S]*?)<\/p>/g;
  let m;
  while ((m = re.exec(html))) out[attrs(m[0].slice(0, m[0].indexOf('>') + 1)).id || '?'] = m[1].replace(/<[^>]*>/g, '').trim();
  return out;
}

// Paths of links and form actions in a page.
export function links(html) {
  const out = [];
  const re = /<(a|form)\b[^>]*>/gi;
  let m;
  while ((m = re.exec(html))) {
    const a = attrs(m[0]);
    const u = a.href ?? a.action;
    if (u) out.push(unescapeHtml(u));
  }
  return out;
}

// --- the client -------------------------------------------------------------

function parseSetCookie(line) {
  const [pair, ...rest] = line.split(';');
  const i = pair.indexOf('=');
  const c = { name: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim(), attrs: {} };
  for (const p of rest) {
    const j = p.indexOf('=');
    const k = (j < 0 ? p : p.slice(0, j)).trim().toLowerCase();
    c.attrs[k] = j < 0 ? true : p.slice(j + 1).trim();
  }
  return c;
}

export class Client {
  // ip: a fixed source address (also for the rate-limited POSTs);
  // default: an address of its own, and a fresh one for each of those.
  constructor({ ip, label = '', keepAlive = false } = {}) {
    this.pinned = Boolean(ip);
    this.ip = ip || nextAddress();
    this.label = label;
    this.jar = new Map();
    this.csrf = null;
    this.csrfFor = null;
    this.agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
    this.user = null;
  }

  get session() { return this.jar.get('rb_session') || null; }
  set session(v) {
    if (v) this.jar.set('rb_session', v); else this.jar.delete('rb_session');
  }

  close() { if (this.agent) this.agent.destroy(); }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  // One request, never following redirects. body: a string or fields.
  // Returns { status, headers, body, location, setCookies }.
  request(method, path, { body, headers = {}, save = true, tag = '', timeout = 30000, ip } = {}) {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : encodeForm(body));
    const h = { ...headers };
    const cookie = this.cookieHeader();
    if (cookie && h.Cookie === undefined && h.cookie === undefined) h.Cookie = cookie;
    if (payload !== undefined) {
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/x-www-form-urlencoded';
      h['Content-Length'] = payload.length;
    }
    const localAddress = ip || (method === 'POST' && !this.pinned && LIMITED.test(path) ? nextAddress() : this.ip);
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port: PORT, method, path, headers: h, localAddress,
        agent: localAddress === this.ip ? this.agent : false,
      }, (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          const setCookies = (res.headers['set-cookie'] || []).map(parseSetCookie);
          for (const c of setCookies) {
            const expired = c.value === '' || c.attrs['max-age'] === '0' ||
              (c.attrs.expires && Date.parse(c.attrs.expires) < Date.now());
            if (expired) this.jar.delete(c.name); else this.jar.set(c.name, c.value);
          }
          const type = res.headers['content-type'] || '';
          if (save && type.startsWith('text/html') && text.length > 0) {
            saveHtml(`${method} ${path.split('?')[0]} ${res.statusCode}${tag ? ` ${tag}` : ''}`, text);
          }
          if (type.startsWith('text/html')) {
            const t = csrfFrom(text);
            if (t) { this.csrf = t; this.csrfFor = this.session; }
          }
          resolve({ status: res.statusCode, headers: res.headers, body: text, location: res.headers.location || null, setCookies });
        });
      });
      const timer = setTimeout(() => req.destroy(new Error(`${method} ${path}: no answer in ${timeout} ms`)), timeout);
      req.on('error', (e) => { clearTimeout(timer); reject(e); });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get(path, opts) { return this.request('GET', path, opts); }

  // The CSRF token of the current session, from a page that has one.
  async token() {
    if (this.csrf && this.session && this.csrfFor === this.session) return this.csrf;
    const r = await this.get(this.user ? `/${M}/account` : `/${M}/login`, { save: false });
    if (!this.csrf || this.csrfFor !== this.session) {
      throw new Error(`no csrf_token on ${this.user ? `/${M}/account` : `/${M}/login`} (${r.status})`);
    }
    return this.csrf;
  }

  // A form POST with this session's CSRF token added (unless csrf: false
  // or the fields carry one).
  async post(path, fields = {}, { csrf = true, ...opts } = {}) {
    let body = fields;
    if (csrf && typeof fields !== 'string') {
      const has = Array.isArray(fields) ? fields.some(([k]) => k === 'csrf_token') : 'csrf_token' in fields;
      if (!has) {
        const t = await this.token();
        body = Array.isArray(fields) ? [['csrf_token', t], ...fields] : { csrf_token: t, ...fields };
      }
    }
    return this.request('POST', path, { body, ...opts });
  }

  async register({ name, email, password, next } = {}) {
    name ??= 'Test User';
    email ??= uniqueEmail('reg');
    password ??= strongPassword();
    await this.get(`/${M}/register`, { save: false });
    const r = await this.post(`/${M}/register`, { name, email, password, ...(next ? { next } : {}) });
    if (r.status !== 303) throw new Error(`register ${email}: ${r.status} ${JSON.stringify(fieldErrors(r.body))}`);
    this.user = { name, email, password, id: userId(email) };
    this.csrf = null;
    return this.user;
  }

  async login(email, password, { expect = 303 } = {}) {
    await this.get(`/${M}/login`, { save: false });
    const r = await this.post(`/${M}/login`, { email, password });
    if (expect !== null && r.status !== expect) {
      throw new Error(`login ${email}: ${r.status} (want ${expect}) ${JSON.stringify(fieldErrors(r.body))}`);
    }
    if (r.status === 303) {
      this.user = { ...(this.user || {}), email, password, id: userId(email) };
      this.csrf = null;
    }
    return r;
  }

  async logout() {
    const r = await this.post(`/${M}/logout`, {});
    this.user = null;
    this.csrf = null;
    return r;
  }

  // A copy sharing nothing but the cookie (another device with a stolen
  // or replayed cookie).
  withCookie(value) {
    const c = new Client();
    if (value) c.session = value;
    return c;
  }
}

// --- PostgreSQL ---------------------------------------------------------------

function pgServer() {
  if (process.env.REBOUND_STACK_PG_HOST && process.env.REBOUND_STACK_PG_PORT) {
    return { host: process.env.REBOUND_STACK_PG_HOST, port: process.env.REBOUND_STACK_PG_PORT };
  }
  const line = readFileSync(stack.config, 'utf8').split('\n').find((l) => /^database\s*=/.test(l));
  return { host: / host=(\S+)/.exec(' ' + line)[1], port: / port=(\d+)/.exec(line)[1] };
}

// Runs SQL as the superuser on the stack's database; returns the rows as
// arrays of strings (NULL as \N). Fields and rows are separated by the
// ASCII unit and record separators, so values may hold line ends.
export function psqlRows(sql, db = 'rebound') {
  const { host, port } = pgServer();
  const out = execFileSync('psql', ['-X', '-q', '-t', '-A', '-F', '\x1f', '-R', '\x1e', '-P', 'null=\\N', '-v', 'ON_ERROR_STOP=1',
    '-h', host, '-p', String(port), '-U', 'postgres', '-d', db], { input: sql, encoding: 'utf8', cwd: '/' });
  return out.replace(/\n$/, '').split('\x1e').filter((l) => l.length > 0).map((l) => l.split('\x1f'));
}

// Runs SQL as the superuser in the background (to hold a lock while a test
// makes requests); resolves with psql's exit status.
export function psqlBackground(sql) {
  const { host, port } = pgServer();
  const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', host, '-p', String(port), '-U', 'postgres',
    '-d', 'rebound'], { cwd: '/', stdio: ['pipe', 'ignore', 'inherit'] });
  child.stdin.end(sql);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

// The single value of a query ('' when there is no row).
export function psql(sql) {
  const rows = psqlRows(sql);
  return rows.length ? rows[0][0] : '';
}

export const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

export function userId(email) {
  const v = psql(`SELECT id FROM users WHERE email = ${q(email.toLowerCase())}`);
  return v ? Number(v) : null;
}

export function sessionRow(cookie) {
  const rows = psqlRows(`SELECT user_id, csrf_token, extract(epoch FROM expires_at - created_at)::bigint
    FROM sessions WHERE id_hash = decode(${q(sha256hex(cookie))}, 'hex')`);
  return rows.length ? { userId: rows[0][0] === '\\N' ? null : Number(rows[0][0]), csrf: rows[0][1], lifetime: Number(rows[0][2]) } : null;
}

// Sessions made straight in PostgreSQL, as the app makes them at sign-in
// (id = sha256 of the cookie value). For the tests that need many signed-in
// principals without paying argon2id for each: the users themselves are
// made through the site. Returns Clients holding the cookies.
export function mintSessions(specs) {
  if (specs.length === 0) return [];
  const made = specs.map((s) => ({ ...s, cookie: newToken(), csrf: newToken() }));
  psqlRows(`INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, user_agent) VALUES ${
    made.map((s) => `(decode(${q(sha256hex(s.cookie))}, 'hex'), ${s.userId ?? 'NULL'}, ${q(s.csrf)}, now() + interval '1 day', 'minted by the tests')`).join(', ')}`);
  return made.map((s) => {
    const c = new Client({ label: s.label || '', ip: s.ip, keepAlive: s.keepAlive });
    c.session = s.cookie;
    c.csrf = s.csrf;
    c.csrfFor = s.cookie;
    c.user = s.user || (s.userId ? { id: s.userId } : null);
    return c;
  });
}

// Row counts and checksums of the tables an identity action can change;
// columns that change on every request (last_seen_at, last_used_at) and
// the job runner's sent_at are left out.
export const IDENTITY_TABLES = {
  users: [],
  sessions: ['last_seen_at'],
  addresses: [],
  api_tokens: ['last_used_at'],
  password_resets: [],
  emails: ['sent_at'],
  auth_events: [],
  login_throttle: [],
  sellers: [],
  seller_members: [],
};

export function snapshot(tables = IDENTITY_TABLES) {
  const names = Object.keys(tables);
  const present = new Set(psqlRows(`SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND relname IN (${names.map(q).join(', ')})`).map((r) => r[0]));
  const parts = names.filter((t) => present.has(t)).map((t) => {
    const row = `(to_jsonb(x)${tables[t].map((c) => ` - ${q(c)}`).join('')})::text`;
    return `SELECT ${q(t)}, count(*), md5(coalesce(string_agg(${row}, ',' ORDER BY ${row}), '')) FROM ${t} x`;
  });
  const out = {};
  for (const [t, n, sum] of psqlRows(parts.join('\nUNION ALL\n'))) out[t] = `${n} rows, md5 ${sum}`;
  return out;
}

// The tables whose rows differ between two snapshots, with both states.
export function changedTables(before, after) {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t])
    .map((t) => `${t}: ${before[t]} -> ${after[t]}`);
}

// --- memcached ------------------------------------------------------------

const mcCmd = () => (process.env.REBOUND_STACK_MEMCACHED_CMD || '').split(' ').filter(Boolean);

export function memcachedPort() {
  if (process.env.REBOUND_STACK_MEMCACHED_PORT) return Number(process.env.REBOUND_STACK_MEMCACHED_PORT);
  const cmd = mcCmd();
  return Number(cmd[cmd.indexOf('-p') + 1]);
}

// One command of memcached's text protocol; resolves with the answer up to
// its terminator (END, OK, DELETED, NOT_FOUND, ...).
export function memcached(command, { timeout = 3000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port: memcachedPort() });
    let buf = '';
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`memcached: no answer to ${command}`)); }, timeout);
    sock.on('connect', () => sock.write(`${command}\r\n`));
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      if (/(^|\r\n)(END|OK|DELETED|NOT_FOUND|STORED|ERROR|CLIENT_ERROR[^\r]*|SERVER_ERROR[^\r]*)\r\n$/.test(buf)) {
        clearTimeout(timer);
        sock.end();
        resolve(buf.trim());
      }
    });
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

export const sessionCacheKey = (cookie) => `sess:${sha256hex(cookie)}`;

// --- the CLI and the route table ----------------------------------------------

export function rebound(args, { input = '' } = {}) {
  const r = spawnSync(stack.bin, [args[0], '--config', stack.config, ...args.slice(1)], {
    input, encoding: 'utf8', cwd: stack.root, env: process.env, timeout: 60000,
  });
  return { code: r.status, out: `${r.stdout || ''}${r.stderr || ''}`, stdout: r.stdout || '' };
}

export function cliHas(command) {
  const r = spawnSync(stack.bin, ['--help'], { encoding: 'utf8' });
  return new RegExp(`^\\s+${command}(\\s|$)`, 'm').test(`${r.stdout}${r.stderr}`);
}

// The route table: [{ method, pattern, name, flags: Set }].
export function routes() {
  const r = spawnSync(stack.bin, ['routes'], { encoding: 'utf8', cwd: stack.root });
  if (r.status !== 0) throw new Error(`rebound routes failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => {
    const o = JSON.parse(l);
    return { ...o, flags: new Set(o.flags) };
  });
}

export const params = (pattern) => [...pattern.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

export function hasRoute(method, pattern, table = routes()) {
  return table.some((r) => r.method === method && r.pattern === pattern);
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The path of a route with {m} and its other parameters filled in. Those
// are ids of objects the client's user owns, found in the links and forms
// of the page the route's path starts with: /{m}/account/tokens for
// /{m}/account/tokens/{id}/revoke. Throws, saying what is missing, when
// that page has none.
export async function fillPath(route, c, { market = M } = {}) {
  const names = params(route.pattern).filter((p) => p !== 'm');
  const fixed = route.pattern.replace(/\{m\}/g, market);
  if (names.length === 0) return fixed;
  const parent = fixed.slice(0, fixed.indexOf('{')).replace(/\/$/, '') || '/';
  const re = new RegExp(`^${fixed.split(/\{[^}]+\}/).map(escapeRe).join('([^/?#]+)')}$`);
  const page = await c.get(parent, { save: false });
  const found = links(page.body).map((l) => l.split('?')[0]).filter((p) => re.test(p));
  // Ids rather than words: /addresses/12 before /addresses/new.
  const best = found.find((p) => re.exec(p).slice(1).every((v) => /\d/.test(v))) || found[0];
  if (best) return best;
  throw new Error(`cannot fill {${names.join('}, {')}} of ${route.method} ${route.pattern}: no link or form on ${parent} ` +
    `(${page.status}) matches it; give the test's user such an object, or teach the test this route`);
}

// --- principals -------------------------------------------------------------

// An admin made with `rebound user add --admin` (password on stdin). When
// the build has no such command yet, the user is registered through the
// site and made admin in PostgreSQL, so the other checks still run; the
// CLI's own test says what is missing.
export async function makeAdmin({ name = 'Test Admin', email = uniqueEmail('admin'), password = strongPassword() } = {}) {
  const r = rebound(['user', 'add', '--email', email, '--name', name, '--admin'], { input: `${password}\n` });
  let via = 'cli';
  if (r.code !== 0 || !userId(email)) {
    via = `site+psql (rebound user add: exit ${r.code}: ${r.out.trim().split('\n')[0]})`;
    const c = new Client();
    await c.register({ name, email, password });
    psql(`UPDATE users SET is_admin = true WHERE email = ${q(email)}`);
  }
  const c = new Client({ label: 'admin' });
  await c.login(email, password);
  c.user = { ...c.user, name, admin: true };
  return { client: c, email, password, id: userId(email), via };
}

// An approved seller organisation with user id as its owner.
export function makeSeller(userIdValue, name = unique('Seller')) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const id = Number(psql(`INSERT INTO sellers (name, slug, status) VALUES (${q(name)}, ${q(slug)}, 'approved') RETURNING id`));
  psql(`INSERT INTO seller_members (seller_id, user_id, role) VALUES (${id}, ${userIdValue}, 'owner')`);
  return id;
}

// The newest reset link mailed to email: { url, path, token }.
export function resetLink(email) {
  // One line: psqlRows splits rows at line ends.
  const text = psql(`SELECT translate(body_text, E'\\r\\n\\t', '   ') FROM emails WHERE to_address = ${q(email.toLowerCase())} ORDER BY id DESC LIMIT 1`);
  if (!text) return null;
  const m = /(https?:\/\/[^\s"'<>]*?)?(\/[a-z]{2}-[a-z]{2}\/password\/reset\?token=([A-Za-z0-9_-]+))/.exec(text);
  return m ? { url: (m[1] || '') + m[2], path: m[2], token: m[3] } : null;
}

export async function waitUntil(what, fn, { timeout = 10000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(interval);
  }
}
