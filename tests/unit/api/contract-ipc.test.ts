import { AppContext } from '../../../src-main/api/app-context';
import { IPC_EVENT, IPC_INVOKE, type EventMessage, type ResponseMessage } from '../../../src-main/api/contract';
import { createHandlers } from '../../../src-main/api/handlers';
import { attachIpcApi, type IpcMainLike } from '../../../src-main/api/ipc';
import { IpcClient } from '../../../src-renderer/api-transports';
import { defineContractSuite } from '../../helpers/contract-suite';

/**
 * Electron IPC without Electron: a stand-in ipcMain/webContents pair that structured-clones every
 * message as Electron does, driven by the renderer's real IpcClient.
 */
defineContractSuite('Electron IPC', async () => {
  const app = new AppContext('desktop');
  let invoke: ((e: unknown, m: unknown) => Promise<ResponseMessage>) | undefined;
  const eventListeners = new Set<(m: EventMessage) => void>();
  const ipcMain: IpcMainLike = {
    handle: (channel, fn) => { if (channel === IPC_INVOKE) invoke = fn; },
    removeHandler: () => { invoke = undefined; },
  };
  const sink = { send: (channel: string, msg: EventMessage) => { if (channel === IPC_EVENT) for (const l of eventListeners) l(structuredClone(msg)); }, isDestroyed: () => false };
  const detach = attachIpcApi(ipcMain, createHandlers(app), app.bus, () => [sink]);
  const client = new IpcClient({
    invoke: async (msg) => structuredClone(await invoke!({}, structuredClone(msg))),
    onEvent: (cb) => { eventListeners.add(cb); return () => eventListeners.delete(cb); },
  });
  return { client, teardown: async () => { detach(); app.dispose(); } };
});
