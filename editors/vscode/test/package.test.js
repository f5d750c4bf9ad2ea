// The manifest: every file it names exists, the language and grammar
// agree, and the language configuration reads.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('the manifest names files that exist', () => {
  assert.ok(fs.existsSync(path.join(root, manifest.main)));
  for (const language of manifest.contributes.languages) {
    assert.ok(fs.existsSync(path.join(root, language.configuration)));
    assert.deepStrictEqual(language.extensions, ['.pol']);
  }
  for (const grammar of manifest.contributes.grammars) {
    const text = fs.readFileSync(path.join(root, grammar.path), 'utf8');
    assert.strictEqual(JSON.parse(text).scopeName, grammar.scopeName);
    assert.strictEqual(grammar.language, 'pol');
  }
  assert.ok(manifest.activationEvents.includes('onLanguage:pol'));
});

test('the language configuration has comments, brackets and indentation', () => {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));
  assert.strictEqual(config.comments.lineComment, '#');
  assert.deepStrictEqual(config.brackets[0], ['{', '}']);
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('policy Deploy {'));
  assert.ok(increase.test('  allow ecs:{ # several'));
  assert.ok(!increase.test('  allow ecs:RunTask on *'));
  assert.ok(decrease.test('}'));
  const word = new RegExp(config.wordPattern);
  assert.strictEqual('  allow ecs:RunTask on'.match(word)[0], 'allow');
  assert.strictEqual('ecs:RunTask on'.match(word)[0], 'ecs:RunTask');
});
