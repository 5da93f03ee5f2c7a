// The renderer's one door to the workbench: Electron IPC when the preload exposes it, else the lab
// server's WebSocket. Same contract, same messages.
import type { ApiClient } from '../src-main/api/contract';
import { IpcClient, WsClient, type PreloadBridge } from './api-transports';

export { ApiError } from './api-transports';

function createClient(): ApiClient {
  const bridge = (window as unknown as { fwb?: PreloadBridge }).fwb;
  if (bridge) return new IpcClient(bridge);
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return new WsClient(`${proto}//${location.host}/api`);
}

export const api: ApiClient = createClient();
