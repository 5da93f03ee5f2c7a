// The desktop shell: the only module family that imports 'electron'.
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppContext } from '../api/app-context';
import { createHandlers } from '../api/handlers';
import { attachIpcApi } from '../api/ipc';

const here = path.dirname(fileURLToPath(import.meta.url));
const context = new AppContext('desktop');

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'fpga-workbench',
    webPreferences: {
      preload: path.join(here, '..', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  // Links open in the system browser, never inside the app window.
  win.webContents.setWindowOpenHandler(({ url }) => {
    void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(path.join(here, '..', 'renderer', 'index.html'));
  return win;
}

void app.whenReady().then(() => {
  attachIpcApi(ipcMain, createHandlers(context), context.bus, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  context.dispose();
  if (process.platform !== 'darwin') app.quit();
});
