import { IPC_EVENT, IPC_INVOKE, type EventMessage, type ResponseMessage } from './contract';
import { dispatch } from './dispatch';
import type { EventBus } from './event-bus';
import type { Handlers } from './handlers';

/** The parts of Electron's ipcMain / webContents we use; electron/ passes the real ones, tests a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, msg: unknown) => Promise<ResponseMessage>): void;
  removeHandler(channel: string): void;
}
export interface EventSink {
  send(channel: string, msg: EventMessage): void;
  isDestroyed(): boolean;
}

/** The API over Electron IPC: invoke → dispatch, bus events → the window. Same messages as the WebSocket. */
export function attachIpcApi(ipc: IpcMainLike, handlers: Handlers, bus: EventBus, sinks: () => EventSink[]): () => void {
  ipc.handle(IPC_INVOKE, (_event, msg) => dispatch(handlers, msg));
  const unsubscribe = bus.subscribe((event, data) => {
    for (const s of sinks()) if (!s.isDestroyed()) s.send(IPC_EVENT, { type: 'event', event, data });
  });
  return () => {
    unsubscribe();
    ipc.removeHandler(IPC_INVOKE);
  };
}
