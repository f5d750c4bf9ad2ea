// The TextMate grammar, as VS Code reads it (vscode-textmate and the
// Oniguruma regular expressions): the scopes of each kind of token.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const textmate = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.join(__dirname, '..');

async function grammar() {
  const wasm = fs.readFileSync(path.join(require.resolve('vscode-oniguruma'), '..', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => {
      const text = fs.readFileSync(path.join(root, 'syntaxes', 'pol.tmLanguage.json'), 'utf8');
      return textmate.parseRawGrammar(text, 'pol.tmLanguage.json');
    },
  });
  return registry.loadGrammar('source.pol');
}

/** Each token of `lines` with its innermost scope. */
function tokens(g, lines) {
  let state = textmate.INITIAL;
  const out = [];
  for (const line of lines) {
    const result = g.tokenizeLine(line, state);
    for (const t of result.tokens) {
      const text = line.slice(t.startIndex, t.endIndex);
      if (text.trim()) {
        out.push([text, t.scopes[t.scopes.length - 1], t.scopes]);
      }
    }
    state = result.ruleStack;
  }
  return out;
}

function scopeOf(all, text) {
  const found = all.find(([t]) => t === text);
  assert.ok(found, `no token ${JSON.stringify(text)} in ${JSON.stringify(all.map(([t]) => t))}`);
  return found[1];
}

test('every kind of token has its scope', async () => {
  const g = await grammar();
  const all = tokens(g, [
    '# Deploy to one cluster',
    'import "common.pol"',
    'param account: account_id',
    'param regions: list<region>',
    'let cluster = ecs.cluster("prod-{account}")',
    'policy Deploy extends aws:AmazonECS_FullAccess {',
    '  sid Run allow ecs:RunTask, ecs:{StopTask, DescribeTasks}, ecs:@list on cluster',
    '  deny not iam:* on * if aws:MultiFactorAuthAge > 3600 and aws:SourceIp in ["10.0.0.0/8"]',
    '  allow service "ecs-tasks.amazonaws.com" to sts:AssumeRole if aws:SecureTransport == true',
    '  allow s3:GetObject on "arn:aws:s3:::home/${aws:username}/*"',
    '}',
  ]);
  assert.strictEqual(scopeOf(all, '# Deploy to one cluster'), 'comment.line.number-sign.pol');
  assert.strictEqual(scopeOf(all, 'import'), 'keyword.control.pol');
  assert.strictEqual(scopeOf(all, 'param'), 'keyword.declaration.param.pol');
  assert.strictEqual(scopeOf(all, 'account_id'), 'storage.type.pol');
  assert.strictEqual(scopeOf(all, 'list<region>'), 'storage.type.pol');
  assert.strictEqual(scopeOf(all, 'let'), 'keyword.declaration.let.pol');
  assert.strictEqual(scopeOf(all, 'cluster'), 'variable.other.definition.pol');
  assert.strictEqual(scopeOf(all, 'ecs'), 'support.class.service.pol');
  assert.ok(all.some(([t, s]) => t === 'cluster' && s === 'entity.name.function.builder.pol'));
  assert.ok(all.some(([t, s]) => t === 'account' && s === 'variable.other.readwrite.pol'), 'interpolation');
  assert.strictEqual(scopeOf(all, 'policy'), 'keyword.declaration.block.pol');
  assert.strictEqual(scopeOf(all, 'Deploy'), 'entity.name.type.block.pol');
  assert.strictEqual(scopeOf(all, 'extends'), 'keyword.control.pol');
  assert.strictEqual(scopeOf(all, 'AmazonECS_FullAccess'), 'support.function.action.pol');
  assert.strictEqual(scopeOf(all, 'allow'), 'keyword.control.effect.pol');
  assert.strictEqual(scopeOf(all, 'RunTask'), 'support.function.action.pol');
  assert.strictEqual(scopeOf(all, '{StopTask, DescribeTasks}'), 'support.function.action.pol');
  assert.strictEqual(scopeOf(all, '@list'), 'support.function.action.pol');
  assert.strictEqual(scopeOf(all, 'deny'), 'keyword.control.effect.pol');
  assert.strictEqual(scopeOf(all, 'not'), 'keyword.control.pol');
  assert.strictEqual(scopeOf(all, '>'), 'keyword.operator.pol');
  assert.strictEqual(scopeOf(all, '3600'), 'constant.numeric.pol');
  assert.strictEqual(scopeOf(all, 'in'), 'keyword.operator.pol');
  assert.strictEqual(scopeOf(all, 'service'), 'storage.modifier.principal.pol');
  assert.strictEqual(scopeOf(all, '=='), 'keyword.operator.pol');
  assert.strictEqual(scopeOf(all, 'true'), 'constant.language.pol');
  assert.strictEqual(scopeOf(all, '${aws:username}'), 'variable.other.constant.policy-variable.pol');
  // A `#` inside a string is not a comment.
  const quoted = tokens(g, ['allow s3:GetObject on "arn:aws:s3:::a#b"']);
  assert.ok(quoted.every(([, s]) => s !== 'comment.line.number-sign.pol'));
});
