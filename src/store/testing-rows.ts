/**
 * Test support: rows inserted straight through the repositories, for tests of jobs and queries
 * that need a business line and contracts but not the services that make them.
 */
import type { Db } from './database.js';
import { newId } from './ids.js';
import { BusinessLineRepository } from './repositories/business-lines.js';
import { ContractRepository, type ContractRow } from './repositories/contracts.js';

/** A business line; returns its id. */
export async function insertTestLine(db: Db, name = 'Test line'): Promise<string> {
  const id = newId('bl');
  await new BusinessLineRepository(db).insert({
    id,
    appId: newId('app'),
    secretSealed: 'v1.x.y.z',
    name,
    status: 'active',
    autoApprove: true,
    settings: {},
    createdAt: 1,
    updatedAt: 1,
  });
  return id;
}

/** A contract of one document stored under `blobKey`; returns its id. */
export async function insertTestContract(
  db: Db,
  lineId: string,
  c: {
    createdAt?: number;
    expiresAt?: number | null;
    status?: ContractRow['status'];
    blobKey?: string;
  } = {},
): Promise<string> {
  const id = newId('ct');
  const createdAt = c.createdAt ?? 1;
  const blobKey = c.blobKey ?? 'f'.repeat(64);
  await new ContractRepository(db).insert(
    {
      id,
      businessLineId: lineId,
      groupId: null,
      title: id,
      status: c.status ?? 'pending_signing',
      templateId: null,
      templateVersionId: null,
      dataSha256: '0'.repeat(64),
      data: [null],
      expiresAt: c.expiresAt ?? null,
      revokeReason: null,
      rejectReason: null,
      completedAt: null,
      sceneId: null,
      createdAt,
      updatedAt: createdAt,
    },
    [
      {
        id: newId('cd'),
        contractId: id,
        position: 0,
        templateVersionId: null,
        blobKey,
        sha256: blobKey,
        pages: 1,
        originalSha256: blobKey,
        revision: 0,
        createdAt,
      },
    ],
    [],
  );
  return id;
}
