/**
 * Admin API for the certificates the built-in CA issued (/admin/api/certificates): every role
 * reads (operators answer "which certificate signed this?", legal checks revocations), only
 * admins revoke. A revocation names an RFC 5280 §5.3.1 reason, is audited with the operator's
 * note, and is in the next CRL (`GET /crl/issuing.crl`, built on request).
 */
import type { FastifyInstance } from 'fastify';
import { HetongError } from '../../shared/errors.js';
import type { Db } from '../../store/database.js';
import { adminSessionAuth, requireRole } from '../auth.js';
import { actorOf } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { ADMIN_SECURITY } from '../schemas.js';
import {
  CERTIFICATE_LIST_QUERY,
  CERTIFICATE_LIST_SCHEMA,
  CERTIFICATE_SCHEMA,
  REVOKE_CERTIFICATE_BODY,
  SERIAL_PARAMS,
  type CertificateListQuery,
  type CertificateListWire,
  type CertificateWire,
  type RevokeCertificateBody,
} from '../wire/certificates.js';
import { pageLimit } from './query-params.js';

export function certificateRoutes(deps: HttpDeps) {
  const directory = deps.certificates!;
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', adminSessionAuth(deps.admin));

    app.get<{ Querystring: CertificateListQuery }>(
      '/certificates',
      {
        schema: {
          summary: 'Certificates issued by the built-in CA, newest first',
          description: '`q`: a serial number (hex) or part of the subject name.',
          tags: ['pki'],
          security: ADMIN_SECURITY,
          querystring: CERTIFICATE_LIST_QUERY,
          response: { 200: CERTIFICATE_LIST_SCHEMA },
        },
      },
      async (request): Promise<CertificateListWire> => {
        const { q, kind, cursor, limit } = request.query;
        return directory.list({
          ...(q ? { q } : {}),
          ...(kind ? { kind } : {}),
          ...(cursor ? { cursor } : {}),
          limit: pageLimit(limit),
        });
      },
    );

    app.get<{ Params: { serial: string } }>(
      '/certificates/:serial/certificate.cer',
      {
        schema: {
          summary: 'One issued certificate (DER)',
          tags: ['pki'],
          security: ADMIN_SECURITY,
          params: SERIAL_PARAMS,
          produces: ['application/pkix-cert'],
        },
      },
      async (request, reply) => {
        const serial = request.params.serial.toLowerCase();
        const der = await directory.certificate(serial);
        if (!der)
          throw new HetongError('CA_CERTIFICATE_NOT_FOUND', 404, `no certificate with serial ${serial}`);
        return reply
          .type('application/pkix-cert')
          .header('content-disposition', `attachment; filename="${serial}.cer"`)
          .send(Buffer.from(der));
      },
    );

    app.post<{ Params: { serial: string }; Body: RevokeCertificateBody }>(
      '/certificates/:serial/revoke',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'Revoke an issued certificate (admin role)',
          description: 'It appears in the next CRL; signatures made with it after now are invalid.',
          tags: ['pki'],
          security: ADMIN_SECURITY,
          params: SERIAL_PARAMS,
          body: REVOKE_CERTIFICATE_BODY,
          response: { 200: CERTIFICATE_SCHEMA },
        },
      },
      async (request): Promise<CertificateWire> => {
        const serial = request.params.serial.toLowerCase();
        const { reason, note } = request.body;
        const revoked = await directory.revoke(serial, reason, (trx) =>
          deps.audit.record(
            {
              ...actorOf(request),
              businessLineId: null,
              action: 'certificate.revoked',
              target: serial,
              details: { reason, ...(note?.trim() ? { note: note.trim() } : {}) },
            },
            trx as unknown as Db,
          ),
        );
        if (!revoked)
          throw new HetongError(
            'CA_CERTIFICATE_ALREADY_REVOKED',
            409,
            `certificate ${serial} is revoked already`,
          );
        const [listed] = (await directory.list({ q: serial, limit: 1 })).items;
        return listed!;
      },
    );
  };
}
