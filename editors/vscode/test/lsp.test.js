// The server as the extension's client library drives it (vscode-jsonrpc
// over the process's pipes): `polc lsp` from POLC (or the workspace's
// debug build), initialized with the extension's options.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const rpc = require('vscode-jsonrpc/node');
const { serverCommand, initializationOptions } = require('../server');

const polc = process.env.POLC || path.join(__dirname, '..', '..', '..', 'target', 'debug', 'polc');

test('polc lsp answers the extension', async () => {
  assert.ok(fs.existsSync(polc), `no polc at ${polc}: build it (cargo build) or set POLC`);
  const { command, args } = serverCommand({ path: polc });
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  const published = [];
  let notify;
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    published.push(params);
    if (notify) notify();
  });
  connection.listen();
  const init = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions: initializationOptions({ params: { account: '111122223333' } }),
  });
  assert.strictEqual(init.capabilities.positionEncoding, 'utf-16');
  assert.strictEqual(init.serverInfo.name, 'polc');
  await connection.sendNotification('initialized', {});
  const uri = 'file:///tmp/polc-vscode-test/deploy.pol';
  const text = 'param account: account_id\npolicy Deploy {\n  allow ecs:RunTsk on *\n}\n';
  const diagnostics = new Promise((resolve) => {
    notify = resolve;
  });
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'pol', version: 1, text },
  });
  await diagnostics;
  const found = published[0].diagnostics.find((d) => d.code === 'INVALID_ACTION');
  assert.ok(found, JSON.stringify(published));
  assert.deepStrictEqual(found.range.start, { line: 2, character: 8 });
  const completion = await connection.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: { line: 2, character: 12 },
  });
  assert.ok(completion.items.some((i) => i.label === 'ecs:RunTask' && i.detail === 'Write'));
  const actions = await connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: found.range,
    context: { diagnostics: [found] },
  });
  assert.strictEqual(actions[0].edit.changes[uri][0].newText, 'ecs:RunTask');
  await connection.sendRequest('shutdown');
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await connection.sendNotification('exit');
  assert.strictEqual(await exited, 0);
  connection.dispose();
});
