// The translators' workflow works on po/: every catalogue passes msgfmt
// --check, po/rebound.pot is what tools/i18n-extract makes from the
// templates today, and msgmerge has nothing to add to any catalogue.
// (That every marked text is translated is tests/unit/check_i18n.c.)
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stack, get } from './lib/stack.mjs';

const po = () => path.join(stack.root, 'po');
const catalogues = () => readdirSync(po()).filter((f) => f.endsWith('.po'));
// The header carries the creation date: compare what follows it.
const body = (text) => text.slice(text.indexOf('\n\n'));

describe('translations', () => {
  test('there is a catalogue for every market language but US English', () => {
    assert.deepEqual(catalogues().sort(), ['de.po', 'en_GB.po', 'es.po', 'fr.po']);
  });

  test('every catalogue passes msgfmt --check', () => {
    for (const f of catalogues()) {
      execFileSync('msgfmt', ['--check', '-o', '/dev/null', path.join(po(), f)]);
    }
  });

  test('po/rebound.pot is up to date with the templates', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-pot-'));
    try {
      const fresh = path.join(dir, 'rebound.pot');
      execFileSync(path.join(stack.root, 'tools/i18n-extract'), [stack.root, fresh]);
      assert.equal(body(readFileSync(fresh, 'utf8')), body(readFileSync(path.join(po(), 'rebound.pot'), 'utf8')),
        'run tools/i18n-extract and commit po/rebound.pot');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('msgmerge finds nothing new for any catalogue', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-po-'));
    try {
      for (const f of catalogues()) {
        const copy = path.join(dir, f);
        copyFileSync(path.join(po(), f), copy);
        execFileSync('msgmerge', ['-q', '-U', '--backup=none', copy, path.join(po(), 'rebound.pot')]);
        const stats = execFileSync('msgfmt', ['--statistics', '-o', '/dev/null', copy], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        assert.doesNotMatch(stats, /fuzzy|untranslated/, `${f}: ${stats.trim()}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [market, lang, words] of [
    ['fr-fr', 'fr', /Se connecter|Connexion/],
    ['de-de', 'de', /Anmelden/],
    ['es-es', 'es', /Iniciar sesión|Inicia sesión/],
    ['en-gb', 'en-GB', /Sign in/],
  ]) {
    test(`the ${market} pages are in ${lang}`, async () => {
      const r = await get(`/${market}/`);
      assert.equal(r.status, 200);
      assert.match(r.body, new RegExp(`<html lang="${lang}">`));
      assert.match(r.body, words);
    });
  }
});
