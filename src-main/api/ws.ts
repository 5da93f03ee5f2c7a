import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventMessage } from './contract';
import { dispatchRaw } from './dispatch';
import type { EventBus } from './event-bus';
import type { Handlers } from './handlers';
import { checkOrigin, requestToken, tokenMatches } from './auth';

export interface WsApiOptions {
  handlers: Handlers;
  bus: EventBus;
  token: string;
  /** host:port strings the page may be served from (the Origin must be http://one-of-these). */
  allowedHosts: () => string[];
  /** --allow-remote: any Host name, but the Origin must still be the page's own (same-origin). */
  allowAnyHost?: boolean;
  path?: string;
}

/** Hard cap: ws closes the socket (1009) above this; below it, dispatch answers oversize with an error. */
const HARD_MAX_PAYLOAD = 8 << 20;

/**
 * The API over a WebSocket at /api on the lab server. The upgrade is refused (401/403) without the token
 * (query or cookie) or from a foreign Origin; every message then goes through dispatch.
 */
export function attachWsApi(server: Server, opts: WsApiOptions): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD, perMessageDeflate: false });
  const apiPath = opts.path ?? '/api';

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== apiPath) return refuse(socket, 404, 'Not Found');
    if (!tokenMatches(requestToken(req), opts.token)) return refuse(socket, 401, 'Unauthorized');
    if (!checkOrigin(req, opts.allowAnyHost && req.headers.host ? [req.headers.host] : opts.allowedHosts())) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const unsubscribe = opts.bus.subscribe((event, data) => {
      if (ws.readyState !== ws.OPEN) return;
      const msg: EventMessage = { type: 'event', event, data };
      ws.send(JSON.stringify(msg));
    });
    ws.on('message', (raw, isBinary) => {
      const buf = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
      const input = isBinary ? buf : buf.toString('utf8');
      void dispatchRaw(opts.handlers, input).then((res) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(res));
      });
    });
    ws.on('error', () => { /* socket errors end this client only */ });
    ws.on('close', unsubscribe);
  });
  return wss;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
