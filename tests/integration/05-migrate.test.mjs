// rebound migrate on a scratch database of the test cluster: each file
// once, in order, in its own transaction; a changed or failing file stops
// it with a clear message and leaves the database as it was.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stack } from './lib/stack.mjs';

const DB = 'rebound_migrate_test';

// host=... port=... of the stack's own connection string.
function pgServer() {
  const line = readFileSync(stack.config, 'utf8').split('\n').find((l) => /^database\s*=/.test(l));
  const host = / host=(\S+)/.exec(' ' + line.split('=').slice(1).join('='))[1];
  const port = / port=(\d+)/.exec(line)[1];
  return { host, port };
}

function psql(sql, db = 'postgres') {
  const { host, port } = pgServer();
  return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', host, '-p', port,
    '-U', 'postgres', '-d', db, '-c', sql], { encoding: 'utf8' }).trim();
}

function migrate(dir) {
  const { host, port } = pgServer();
  const r = spawnSync(stack.bin, ['migrate', '--config', stack.config, '--dir', dir], {
    encoding: 'utf8',
    env: { ...process.env, REBOUND_DATABASE: `host=${host} port=${port} dbname=${DB} user=postgres` },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('rebound migrate', () => {
  let dir;

  before(() => {
    psql(`DROP DATABASE IF EXISTS ${DB}`);
    psql(`CREATE DATABASE ${DB}`);
    dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-migrations-'));
    cpSync(path.join(stack.root, 'sql/migrations'), dir, { recursive: true });
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
    psql(`DROP DATABASE IF EXISTS ${DB}`);
  });

  test('applies every file once, then nothing', () => {
    const first = migrate(dir);
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /[1-9]\d* applied/);
    assert.equal(psql('SELECT count(*) FROM markets', DB), '5');
    const again = migrate(dir);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /0 applied/);
  });

  test('a new file is applied and recorded with its checksum', () => {
    writeFileSync(path.join(dir, '0900_extra.sql'), 'CREATE TABLE t_extra (id int);\n');
    const r = migrate(dir);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /1 applied/);
    assert.match(psql("SELECT checksum FROM schema_migrations WHERE name = '0900_extra.sql'", DB), /^[0-9a-f]{64}$/);
  });

  test('a failing file is rolled back whole and stops the run', () => {
    const before = psql('SELECT count(*) FROM schema_migrations', DB);
    writeFileSync(path.join(dir, '0950_bad.sql'), 'CREATE TABLE t_bad (id int);\nSELECT 1/0;\n');
    writeFileSync(path.join(dir, '0960_after.sql'), 'CREATE TABLE t_after (id int);\n');
    const r = migrate(dir);
    assert.notEqual(r.code, 0);
    assert.match(r.out, /0950_bad\.sql: .*division by zero/);
    assert.equal(psql("SELECT to_regclass('t_bad') IS NULL", DB), 't', 'the failed file left nothing');
    assert.equal(psql("SELECT to_regclass('t_after') IS NULL", DB), 't', 'later files did not run');
    assert.equal(psql('SELECT count(*) FROM schema_migrations', DB), before);
    rmSync(path.join(dir, '0950_bad.sql'));
    rmSync(path.join(dir, '0960_after.sql'));
  });

  test('refuses to run when an applied file changed', () => {
    writeFileSync(path.join(dir, '0900_extra.sql'), 'CREATE TABLE t_extra (id bigint);\n');
    const r = migrate(dir);
    assert.notEqual(r.code, 0);
    assert.match(r.out, /0900_extra\.sql changed after it was applied/);
  });

  test('refuses to run when an applied file is gone', () => {
    rmSync(path.join(dir, '0900_extra.sql'));
    const r = migrate(dir);
    assert.notEqual(r.code, 0);
    assert.match(r.out, /0900_extra\.sql was applied but is no longer in the directory/);
  });
});
