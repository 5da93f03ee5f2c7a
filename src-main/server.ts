import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { AppContext } from './api/app-context';
import { createHandlers } from './api/handlers';
import { attachWsApi } from './api/ws';
import { checkHost, newToken, requestToken, TOKEN_COOKIE, tokenMatches } from './api/auth';
import { WorkbenchError } from './core/errors';

export interface ServeOptions {
  host?: string;
  port?: number; // 0 = a free port
  allowRemote?: boolean;
  rendererDir: string;
  token?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string; // with the token
  origin: string;
  token: string;
  port: number;
  app: AppContext;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.wasm': 'application/wasm', '.map': 'application/json',
};

/**
 * The headless lab server: the built renderer over HTTP and the API over a WebSocket, on loopback only
 * unless --allow-remote, with a fresh token required on every request (cookie after the first visit).
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !opts.allowRemote) {
    throw new WorkbenchError('E_INPUT', `refusing to listen on non-loopback host ${host}: pass --allow-remote if you really mean to expose the workbench on the network`);
  }
  try {
    await fs.access(path.join(opts.rendererDir, 'index.html'));
  } catch {
    throw new WorkbenchError('E_FILE', 'the renderer is not built: run `npm run build`', { file: path.join(opts.rendererDir, 'index.html') });
  }
  const token = opts.token ?? newToken();
  const app = new AppContext('serve');
  const handlers = createHandlers(app);
  let port = 0;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const allowedHosts = () => [`${urlHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`];

  const server = http.createServer((req, res) => {
    void serveHttp(req, res, { token, rendererDir: opts.rendererDir, allowedHosts: allowedHosts(), allowAnyHost: !!opts.allowRemote });
  });
  attachWsApi(server, { handlers, bus: app.bus, token, allowedHosts, allowAnyHost: !!opts.allowRemote });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const origin = `http://${urlHost}:${port}`;
  app.log('info', 'server', `listening on ${origin}`);
  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    token,
    port,
    app,
    close: () => new Promise<void>((resolve) => {
      app.dispose();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function serveHttp(req: IncomingMessage, res: ServerResponse, o: { token: string; rendererDir: string; allowedHosts: string[]; allowAnyHost: boolean }): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (!o.allowAnyHost && !checkHost(req, o.allowedHosts)) return plain(res, 403, 'Forbidden: unexpected Host header');
  const given = requestToken(req);
  if (!tokenMatches(given, o.token)) return plain(res, 401, 'Unauthorized: open the URL with the token that `fpga-workbench serve` printed');
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method Not Allowed');
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.searchParams.has('token')) {
    res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(o.token)}; HttpOnly; SameSite=Strict; Path=/`);
  }
  let rel = decodeURIComponent(url.pathname);
  if (rel === '/' || !path.extname(rel)) rel = '/index.html'; // client-side routes fall back to the app
  const file = path.resolve(o.rendererDir, '.' + rel);
  if (!file.startsWith(path.resolve(o.rendererDir) + path.sep)) return plain(res, 404, 'Not Found');
  let st;
  try {
    st = await fs.stat(file);
  } catch {
    return plain(res, 404, 'Not Found');
  }
  if (!st.isFile()) return plain(res, 404, 'Not Found');
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': st.size,
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'",
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}
