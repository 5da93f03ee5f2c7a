import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_REQUEST_BYTES } from '../../../src-main/api/contract';
import { connectWs } from '../../../src-main/api/node-client';
import { startServer, type RunningServer } from '../../../src-main/server';
import { ensureRendererStub } from '../../helpers/renderer-stub';

function get(port: number, pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathAndQuery, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

function upgradeStatus(url: string, opts: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts);
    ws.once('open', () => { ws.close(); resolve(101); });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', (e) => { if (!String(e.message).includes('Unexpected server response')) reject(e); });
  });
}

function rawExchange(ws: WebSocket, data: string | Buffer): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    ws.once('message', (m) => resolve(JSON.parse(m.toString())));
    ws.send(data);
  });
}

describe('lab server security', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer({ rendererDir: ensureRendererStub(), port: 0 });
  });
  afterAll(async () => srv.close());

  it('listens on loopback and prints a tokened URL', () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses a non-loopback host unless --allow-remote', async () => {
    await expect(startServer({ rendererDir: ensureRendererStub(), host: '0.0.0.0' })).rejects.toThrow(/--allow-remote/);
  });

  it('refuses HTTP without the token or with a wrong one', async () => {
    expect((await get(srv.port, '/')).status).toBe(401);
    expect((await get(srv.port, '/?token=wrong')).status).toBe(401);
    expect((await get(srv.port, '/index.html')).status).toBe(401);
  });

  it('serves the page with the token, then by cookie', async () => {
    const first = await get(srv.port, `/?token=${srv.token}`);
    expect(first.status).toBe(200);
    const cookie = String(first.headers['set-cookie']?.[0]).split(';')[0];
    expect(cookie).toMatch(/^fwb_token=/);
    expect(first.headers['set-cookie']?.[0]).toMatch(/HttpOnly/);
    const second = await get(srv.port, '/index.html', { cookie });
    expect(second.status).toBe(200);
    expect(second.body).toContain('stub');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(srv.port, `/?token=${srv.token}`, { host: `evil.example:${srv.port}` })).status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const r = await get(srv.port, `/..%2f..%2f..%2fetc%2fpasswd?token=${srv.token}`);
    expect(r.body).not.toMatch(/root:/);
  });

  it('refuses the WebSocket upgrade without the token, with a bad one, and from a foreign Origin', async () => {
    const base = `ws://127.0.0.1:${srv.port}/api`;
    expect(await upgradeStatus(base)).toBe(401);
    expect(await upgradeStatus(`${base}?token=bad`)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${srv.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${base}?token=${srv.token}`, { origin: `http://127.0.0.1:${srv.port}` })).toBe(101);
    expect(await upgradeStatus(base, { headers: { cookie: `fwb_token=${srv.token}` }, origin: `http://localhost:${srv.port}` })).toBe(101);
  });

  it('answers malformed, unknown and oversized messages with errors and keeps serving', async () => {
    const client = await connectWs(`ws://127.0.0.1:${srv.port}/api?token=${srv.token}`);
    const ws = client.raw;
    const notJson = await rawExchange(ws, '{not json');
    expect(notJson.error?.code).toBe('E_API');
    expect(notJson.error?.message).toMatch(/not JSON/);
    const wrongShape = await rawExchange(ws, JSON.stringify([1, 2, 3]));
    expect(wrongShape.error?.message).toMatch(/malformed/);
    const noMethod = await rawExchange(ws, JSON.stringify({ type: 'req', id: 7 }));
    expect(noMethod.error?.message).toMatch(/malformed/);
    const unknown = await rawExchange(ws, JSON.stringify({ type: 'req', id: 8, method: '__proto__' }));
    expect(unknown.error?.message).toMatch(/unknown method/);
    const binary = await rawExchange(ws, Buffer.from([0xff, 0x00, 0xfe, 0x01]));
    expect(binary.error?.code).toBe('E_API');
    const big = await rawExchange(ws, JSON.stringify({ type: 'req', id: 9, method: 'app.ping', params: { payload: 'x'.repeat(MAX_REQUEST_BYTES + 10) } }));
    expect(big.error?.message).toMatch(/exceeds/);
    // Still alive for this client and others.
    expect((await client.call('app.ping', { payload: 'ok' })).payload).toBe('ok');
    const other = await connectWs(`ws://127.0.0.1:${srv.port}/api?token=${srv.token}`);
    expect((await other.call('app.info', {})).name).toBe('fpga-workbench');
    other.close();
    client.close();
  });
});
