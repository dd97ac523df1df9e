// Starts `gist lsp` (the gist language server) for .gist files. The server does the work:
// diagnostics, hover, definition, references, rename, completion, formatting, quick fixes.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('gist');
  const server = {
    command: config.get('path', 'gist'),
    args: ['lsp', '--delay', String(config.get('analysisDelay', 0.3))],
  };
  client = new LanguageClient('gist', 'gist language server', server, {
    documentSelector: [{ scheme: 'file', language: 'gist' }],
  });
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
