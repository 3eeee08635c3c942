// Electron main process: one locked-down window onto the renderer, and the app's API over IPC. All logic lives
// below app/; this file only wires it to a window.
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { startAppHost, type AppHost } from '../app/app-host';
import { resolveDatabasePath, userCacheDir } from '../app/paths';
import { API_CALL_CHANNEL, API_EVENT_CHANNEL } from './ipc-channels';

const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

let host: AppHost | null = null;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'Crossbar Studio',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
    },
  });
  // No remote content: links open in the system browser, and navigation away from the app is refused.
  window.webContents.setWindowOpenHandler(({ url }) => {
    void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  const devServer = process.env.ELECTRON_RENDERER_URL;
  if (devServer) void window.loadURL(devServer);
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

function wireApi(appHost: AppHost): void {
  // Only our own window's frames may call: a navigated-away or foreign frame gets nothing.
  ipcMain.handle(API_CALL_CHANNEL, (event, method: unknown, params: unknown) => {
    if (!BrowserWindow.fromWebContents(event.sender) || event.senderFrame?.parent) {
      return { ok: false, error: { code: 'invalid-request', message: 'not called from the app window' } };
    }
    return appHost.call(method, params);
  });
  appHost.subscribe((apiEvent) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(API_EVENT_CHANNEL, apiEvent);
  });
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  host = startAppHost({
    databaseFile: resolveDatabasePath(undefined),
    cacheDir: userCacheDir(),
    autoResume: process.env.CROSSBAR_RESUME_INTERRUPTED === '1',
  });
  wireApi(host);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Cancelling the queue records every running run as cancelled before the process goes.
app.on('will-quit', (event) => {
  if (!host) return;
  event.preventDefault();
  const closing = host;
  host = null;
  void closing.close().finally(() => app.quit());
});
