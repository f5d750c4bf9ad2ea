// The extension: starts `polc lsp` for `.pol` and IAM policy JSON files,
// and restarts it when its settings change.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const os = require('os');
const { serverCommand, documentSelector, initializationOptions } = require('./server');

let client;

function settings() {
  const config = vscode.workspace.getConfiguration('polc');
  return { path: config.get('path'), params: config.get('params'), json: config.get('json') };
}

async function start() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const current = settings();
  const executable = serverCommand(current, folder && folder.uri.fsPath, os.homedir());
  client = new LanguageClient(
    'polc',
    'polc',
    { run: executable, debug: executable },
    {
      documentSelector: documentSelector(current),
      initializationOptions: initializationOptions(current),
    },
  );
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `polc: cannot start \`${executable.command} lsp\` (${error.message}). Set "polc.path" to the polc executable.`,
    );
  }
}

async function activate(context) {
  await start();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('polc')) {
        if (client) {
          await client.stop();
        }
        await start();
      }
    }),
  );
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
