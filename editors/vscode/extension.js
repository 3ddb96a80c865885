// extension.js: the OKR extension for VS Code.
//
// Highlighting comes from syntaxes/okr.tmLanguage.json and needs no code.
// This file starts the language server, `okrc lsp` on stdin/stdout, through
// vscode-languageclient: diagnostics, hover, go to definition, document
// symbols, completion and formatting are whatever the server announces in
// its capabilities (the client registers the document formatter itself when
// the server has documentFormattingProvider). When `okrc` cannot be found
// the extension says so once and the files are only highlighted.
//
// Plain JavaScript on purpose: there is no build step.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');

const CLIENT_ID = 'okr'; // also the prefix of the okr.trace.server setting
const CLIENT_NAME = 'OKR Language Server';

/** @type {import('vscode-languageclient/node').LanguageClient | undefined} */
let client;
let notFoundShown = false;
let outputChannel;

function isExecutableFile(file) {
    try {
        if (!fs.statSync(file).isFile()) return false;
        if (process.platform === 'win32') return true;
        fs.accessSync(file, fs.constants.X_OK);
        return true;
    } catch (_) {
        return false;
    }
}

// The candidates for one file name: on Windows also NAME.exe, NAME.cmd, ...
function withExtensions(file) {
    if (process.platform !== 'win32' || path.extname(file)) return [file];
    const exts = (process.env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean);
    return [file, ...exts.map((ext) => file + ext.toLowerCase()), ...exts.map((ext) => file + ext)];
}

// findExecutable('okrc') -> absolute path of the executable, or undefined.
// A setting with a directory part (./bin/okrc, ~/bin/okrc, /usr/local/bin/okrc)
// is a path, relative to the first workspace folder; a bare name is looked up
// on PATH, as a shell would.
function findExecutable(setting) {
    let cmd = (setting || '').trim() || 'okrc';
    if (cmd === '~' || cmd.startsWith('~/') || cmd.startsWith('~\\')) {
        cmd = path.join(os.homedir(), cmd.slice(1));
    }
    if (cmd.includes('/') || cmd.includes('\\')) {
        const folders = vscode.workspace.workspaceFolders;
        const base = folders && folders.length > 0 && folders[0].uri.scheme === 'file'
            ? folders[0].uri.fsPath : process.cwd();
        const file = path.resolve(base, cmd);
        return withExtensions(file).find(isExecutableFile);
    }
    for (const dir of (process.env.PATH || '').split(path.delimiter)) {
        if (!dir) continue;
        const found = withExtensions(path.join(dir, cmd)).find(isExecutableFile);
        if (found) return found;
    }
    return undefined;
}

async function startClient(context) {
    const config = vscode.workspace.getConfiguration('okr');
    if (!config.get('server.enabled', true)) return;

    const setting = config.get('server.path', 'okrc');
    const command = findExecutable(setting);
    if (!command) {
        if (!notFoundShown) {
            notFoundShown = true;
            vscode.window.showInformationMessage(
                `OKR: '${setting}' was not found, so .okr files are only highlighted. ` +
                'Install okrc or set "okr.server.path" for diagnostics and formatting.');
        }
        return;
    }

    // Loaded only when there is a server to talk to.
    const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
    if (!outputChannel) {
        outputChannel = vscode.window.createOutputChannel(CLIENT_NAME);
        context.subscriptions.push(outputChannel);
    }
    const serverOptions = {
        command,
        args: ['lsp'],
        transport: TransportKind.stdio,
    };
    const clientOptions = {
        documentSelector: [{ scheme: 'file', language: 'okr' }],
        synchronize: {
            // Other files of the program change what an open file means.
            fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.okr,okr.policy}'),
        },
        outputChannel,
    };
    const newClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    client = newClient;
    try {
        await newClient.start();
    } catch (err) {
        if (client === newClient) client = undefined;
        vscode.window.showErrorMessage(
            `OKR: could not start '${command} lsp': ${err && err.message ? err.message : err}`);
    }
}

async function stopClient() {
    const old = client;
    client = undefined;
    if (old) {
        try {
            await old.stop();
        } catch (_) {
            // The server may already be gone; nothing more to do.
        }
    }
}

async function activate(context) {
    context.subscriptions.push(
        vscode.workspace.onDidChangeConfiguration(async (event) => {
            if (event.affectsConfiguration('okr.server')) {
                await stopClient();
                await startClient(context);
            }
        }),
        vscode.commands.registerCommand('okr.restartServer', async () => {
            await stopClient();
            notFoundShown = false;
            await startClient(context);
        }));
    await startClient(context);
}

function deactivate() {
    return stopClient();
}

module.exports = { activate, deactivate, findExecutable };
