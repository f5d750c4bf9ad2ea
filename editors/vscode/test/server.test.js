// How the extension starts the server, without VS Code.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const path = require('path');
const { serverCommand, documentSelector, initializationOptions } = require('../server');

test('the server command follows polc.path', () => {
  assert.deepStrictEqual(serverCommand({}, undefined, '/home/u'), { command: 'polc', args: ['lsp'] });
  assert.deepStrictEqual(serverCommand({ path: '  ' }, '/w', '/home/u').command, 'polc');
  assert.strictEqual(serverCommand({ path: '~/bin/polc' }, '/w', '/home/u').command, path.join('/home/u', 'bin/polc'));
  assert.strictEqual(serverCommand({ path: './target/debug/polc' }, '/w', '/home/u').command, path.resolve('/w', 'target/debug/polc'));
  assert.strictEqual(serverCommand({ path: '/opt/polc' }, '/w', '/home/u').command, '/opt/polc');
});

test('JSON files are served unless polc.json is off', () => {
  const languages = (s) => documentSelector(s).map((d) => d.language);
  assert.ok(languages({}).includes('json'));
  assert.ok(!languages({ json: false }).includes('json'));
  assert.ok(languages({ json: false }).includes('pol'));
});

test('parameters are sent as strings', () => {
  assert.deepStrictEqual(initializationOptions({ params: { account: '111122223333', bad: 3 } }), {
    params: { account: '111122223333' },
  });
  assert.deepStrictEqual(initializationOptions(undefined), { params: {} });
});
