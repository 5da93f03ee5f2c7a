import { connectWs } from '../../../src-main/api/node-client';
import { startServer } from '../../../src-main/server';
import { defineContractSuite } from '../../helpers/contract-suite';
import { ensureRendererStub } from '../../helpers/renderer-stub';

// The WebSocket transport over a real loopback socket.
defineContractSuite('WebSocket', async () => {
  const rendererDir = ensureRendererStub();
  const srv = await startServer({ rendererDir, port: 0 });
  const client = await connectWs(`ws://127.0.0.1:${srv.port}/api?token=${encodeURIComponent(srv.token)}`);
  return { client, teardown: async () => { client.close(); await srv.close(); } };
});
