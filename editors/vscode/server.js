// How the extension starts the server: the executable and its arguments,
// the documents it serves, and the options it sends. No `vscode` import:
// the tests read it in plain Node.
'use strict';

const path = require('path');

/** The command that starts the server: `polc.path` (`~` and a relative
 * path resolved against the first workspace folder), then `lsp`. */
function serverCommand(settings, workspaceFolder, home) {
  let command = (settings && typeof settings.path === 'string' && settings.path.trim()) || 'polc';
  if (command === '~' || command.startsWith('~/')) {
    command = path.join(home || '', command.slice(1));
  } else if (workspaceFolder && (command.startsWith('./') || command.startsWith('../'))) {
    command = path.resolve(workspaceFolder, command);
  }
  return { command, args: ['lsp'] };
}

/** The documents the server is given: `.pol` files, and JSON files when
 * `polc.json` is on (the server checks only those with a top-level
 * `Statement`). */
function documentSelector(settings) {
  const selector = [{ scheme: 'file', language: 'pol' }, { scheme: 'untitled', language: 'pol' }];
  if (!settings || settings.json !== false) {
    selector.push({ scheme: 'file', language: 'json' });
  }
  return selector;
}

/** `initializationOptions`: the parameters' values, strings only. */
function initializationOptions(settings) {
  const params = {};
  const given = (settings && settings.params) || {};
  for (const [name, value] of Object.entries(given)) {
    if (typeof value === 'string') {
      params[name] = value;
    }
  }
  return { params };
}

module.exports = { serverCommand, documentSelector, initializationOptions };
