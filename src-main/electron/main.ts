// Electron main process: one locked-down window onto the app host. The host is `crossbar serve` on the Node that
// ran `npm start` (app-host-process.ts), so this process loads no native addon; all logic lives below app/.
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { join } from 'node:path';
import { desktopHostLaunch, startAppHostProcess, type AppHostProcess } from './app-host-process';

let host: AppHostProcess | null = null;

function createWindow(url: string): BrowserWindow {
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
  window.webContents.setWindowOpenHandler(({ url: target }) => {
    void shell.openExternal(target);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  void window.loadURL(url);
  return window;
}

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // The page's Content-Security-Policy comes with it from the host (serve/server.ts).
  try {
    host = await startAppHostProcess(desktopHostLaunch(app.getAppPath(), process.env));
  } catch (error) {
    dialog.showErrorBox('Crossbar Studio could not start', String(error));
    app.exit(1);
    return;
  }
  const url = host.url;
  host.process.once('exit', (code, signal) => {
    if (!host) return;
    host = null;
    dialog.showErrorBox('Crossbar Studio stopped', `The app host exited (${signal ?? `code ${code}`}).`);
    app.quit();
  });
  createWindow(url);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(url);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// The host records every running run as cancelled before it goes; the window waits for that.
app.on('will-quit', (event) => {
  if (!host) return;
  event.preventDefault();
  const closing = host;
  host = null;
  void closing.close().finally(() => app.quit());
});
