// Packages the extension as a `.vsix` (with @vscode/vsce, fetched by npx):
// `npm run package` writes polc-VERSION.vsix here.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
// The licences of the project ship with the extension.
fs.copyFileSync(path.join(root, '..', '..', 'LICENSE-MIT'), path.join(root, 'LICENSE'));
execFileSync(
  'npx',
  ['--yes', '@vscode/vsce@3', 'package', '--allow-missing-repository', '--allow-star-activation'],
  { cwd: root, stdio: 'inherit' },
);
