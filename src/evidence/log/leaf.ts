/**
 * What an audit event is as a leaf of the evidence log: the canonical JSON (RFC 8785) of its
 * fields, without the database id (the leaf index names it in the log), version 1. The same bytes
 * are written into evidence packages, so a verifier hashes exactly what the log hashed.
 */
import { canonicalJson } from './canonical-json.js';
import { hashLeaf } from './merkle.js';

export interface LeafEvent {
  at: number;
  actor: string;
  action: string;
  target: string;
  businessLineId: string | null;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export const LEAF_VERSION = 1;

export function leafData(e: LeafEvent): string {
  const { at, actor, action, target, businessLineId, requestId, ip, details } = e;
  return canonicalJson({
    v: LEAF_VERSION,
    at,
    actor,
    action,
    target,
    businessLineId,
    requestId,
    ip,
    details,
  });
}

export const leafHashHex = (data: string): string =>
  Buffer.from(hashLeaf(Buffer.from(data, 'utf8'))).toString('hex');
