/**
 * Closing a connection after an answer given before the request's body was all read (a 413 at the
 * cap). RFC 9112 §9.6: a server that closes at once while the client is still sending risks a TCP
 * reset that erases its last response from the client's buffers before the client reads it — seen
 * here as fetch failing with `write EPIPE` instead of reading the 413, 2 times in 11 under load. So
 * the connection is closed in stages: our side first (the FIN after the answer), then what the
 * client still sends is read and dropped (Node's parser keeps feeding the finished request, which
 * keeps nothing) until the client closes too, or LINGER_MS pass.
 */
import { Socket } from 'node:net';

/** As nginx's lingering_timeout: time for the client to read the answer and hang up. */
export const LINGER_MS = 5_000;

/**
 * Makes the close that Node's HTTP server does after an answer with `Connection: close` (it calls
 * `socket.destroySoon()` once the answer is written) a lingering one. No-op without a real
 * socket (Fastify's inject).
 */
export function lingerOnClose(socket: unknown, ms = LINGER_MS): void {
  if (!(socket instanceof Socket)) return;
  socket.destroySoon = function lingeringClose(this: Socket) {
    this.end();
    const timer = setTimeout(() => this.destroy(), ms);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
  };
}
