// Exposes exactly two operations to the page: invoke an API request and receive API events, on our
// own channels only. The page never gets ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type EventMessage, type RequestMessage, type ResponseMessage } from '../api/contract';

contextBridge.exposeInMainWorld('fwb', {
  invoke: (msg: RequestMessage): Promise<ResponseMessage> => ipcRenderer.invoke(IPC_INVOKE, msg),
  onEvent: (cb: (msg: EventMessage) => void): (() => void) => {
    const listener = (_e: unknown, msg: EventMessage) => cb(msg);
    ipcRenderer.on(IPC_EVENT, listener);
    return () => ipcRenderer.removeListener(IPC_EVENT, listener);
  },
});
