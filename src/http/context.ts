import type { FastifyRequest } from 'fastify';
import type { ActorContext } from '../tenancy/context.js';

/** The audit context of a request: actor, request id, client address. */
export function actorOf(request: FastifyRequest): ActorContext & { ip: string } {
  const actor = request.adminSession
    ? `admin:${request.adminSession.account.id}`
    : request.businessLine
      ? `app:${request.businessLine.appId}`
      : 'anonymous';
  return { actor, requestId: request.id, ip: request.ip };
}
