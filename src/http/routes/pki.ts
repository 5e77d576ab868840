/**
 * Public PKI endpoints: the RFC 3161 TSA over HTTP (RFC 3161 §3.4: application/timestamp-query in,
 * application/timestamp-reply out), the issuing CA's CRL and the CA certificates (the addresses
 * written into certificates' CRL distribution points and AIA).
 */
import type { FastifyInstance } from 'fastify';
import type { PkiEndpoints } from '../deps.js';

export function pkiRoutes(pki: PkiEndpoints) {
  return async (app: FastifyInstance) => {
    app.post(
      '/tsa',
      {
        bodyLimit: 64 * 1024,
        schema: {
          summary: 'RFC 3161 time-stamp protocol over HTTP',
          tags: ['pki'],
          consumes: ['application/timestamp-query'],
          produces: ['application/timestamp-reply'],
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body) || request.headers['content-type'] !== 'application/timestamp-query')
          return reply
            .code(415)
            .send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send application/timestamp-query' } });
        const der = await pki.handleTimestampRequest(body);
        return reply.type('application/timestamp-reply').send(Buffer.from(der));
      },
    );
    const binary = (path: string, type: string, get: () => Promise<Uint8Array>) =>
      app.get(
        path,
        { schema: { summary: `DER ${path.split('/').pop()}`, tags: ['pki'], produces: [type] } },
        async (_req, reply) =>
          reply
            .type(type)
            .header('cache-control', 'public, max-age=300')
            .send(Buffer.from(await get())),
      );
    binary('/crl/issuing.crl', 'application/pkix-crl', () => pki.issuingCrl());
    binary('/ca/root.cer', 'application/pkix-cert', () => pki.rootCertificate());
    binary('/ca/issuing.cer', 'application/pkix-cert', () => pki.issuingCertificate());
  };
}
