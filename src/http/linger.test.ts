import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { lingerOnClose } from './linger.js';

/** A server socket and the client's, connected on loopback; the client may write after our end. */
async function pair(): Promise<{ server: Server; ours: Socket; theirs: Socket }> {
  const server = createServer({ allowHalfOpen: true });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const port = (server.address() as { port: number }).port;
  const theirs = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  const [ours] = (await accepted) as [Socket];
  return { server, ours, theirs };
}

describe('lingerOnClose', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('ends our side, reads what the client still sends, and closes when the client does', async () => {
    const p = await pair();
    server = p.server;
    lingerOnClose(p.ours, 10_000);
    let read = 0;
    p.ours.on('data', (c: Buffer) => (read += c.length));
    p.ours.write('HTTP/1.1 413 Payload Too Large\r\n\r\n');
    p.ours.destroySoon();
    // The client reads the answer and our end, and may still write without a reset.
    const answer: Buffer[] = [];
    p.theirs.on('data', (c: Buffer) => answer.push(c));
    await once(p.theirs, 'end');
    expect(Buffer.concat(answer).toString()).toMatch(/^HTTP\/1\.1 413/);
    p.theirs.write(Buffer.alloc(256 * 1024, 0x61));
    await new Promise((r) => setTimeout(r, 50));
    expect(p.ours.destroyed).toBe(false);
    p.theirs.end();
    await once(p.ours, 'close');
    expect(read).toBe(256 * 1024);
  });

  it('closes after the lingering time when the client never hangs up', async () => {
    const p = await pair();
    server = p.server;
    p.theirs.on('error', () => undefined);
    p.theirs.resume(); // reads our answer and end, keeps its own side open
    lingerOnClose(p.ours, 100);
    const t0 = performance.now();
    p.ours.destroySoon();
    await once(p.ours, 'close');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
    p.theirs.destroy();
  });
});
