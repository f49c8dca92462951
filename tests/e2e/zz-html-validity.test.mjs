// Every HTML page the other tests fetched (saved under
// var/test/artifacts/html/) through the Nu HTML Checker, in one JVM run.
// Runs last: scripts/dev test runs the test files in name order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stack } from '../integration/lib/stack.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VNU = path.join(ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar');
const dir = path.join(stack.artifacts, 'html');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.html')).sort() : [];

function validate() {
  let out;
  try {
    out = execFileSync('java', ['-jar', VNU, '--errors-only', '--format', 'json', '--stdout',
      ...files.map((f) => path.join(dir, f))], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    // vnu exits 1 when it found errors; its JSON is still on stdout.
    if (!e.stdout) throw e;
    out = e.stdout;
  }
  const byFile = new Map(files.map((f) => [f, []]));
  for (const m of JSON.parse(out).messages) {
    const f = path.basename(decodeURIComponent(new URL(m.url).pathname));
    (byFile.get(f) || byFile.set(f, []).get(f)).push(`${m.type}: line ${m.lastLine}: ${m.message}${m.extract ? ` in ${JSON.stringify(m.extract)}` : ''}`);
  }
  return byFile;
}

if (files.length === 0) {
  test('HTML validity', (t) => t.skip('no HTML page was saved by the other tests'));
} else {
  const results = validate();
  for (const f of files) {
    test(`valid HTML: ${f}`, () => {
      assert.deepEqual(results.get(f), [], `${path.join(dir, f)}`);
    });
  }
}
