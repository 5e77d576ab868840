/**
 * The manifest of an evidence package: what the package claims, signed by the log key as a C2SP
 * signed note, so that taking an event out, adding one, reordering them or swapping a document
 * breaks a signature nobody but the platform can make. The checkpoint (also signed) and the
 * inclusion proofs then tie every listed event to the public log.
 *
 *   hetong evidence package v1
 *   contract <id>
 *   checkpoint <tree size>
 *   document <file name> <sha256 hex>        one per document
 *   event <leaf index> <leaf hash hex>       one per event, in log order
 */
import { NoteError } from '../log/note.js';

export const MANIFEST_HEADER = 'hetong evidence package v1';

export interface Manifest {
  contractId: string;
  treeSize: number;
  documents: { file: string; sha256: string }[];
  events: { leafIndex: number; leafHash: string }[];
}

export function formatManifest(m: Manifest): string {
  return (
    [
      MANIFEST_HEADER,
      `contract ${m.contractId}`,
      `checkpoint ${m.treeSize}`,
      ...m.documents.map((d) => `document ${d.file} ${d.sha256}`),
      ...m.events.map((e) => `event ${e.leafIndex} ${e.leafHash}`),
    ].join('\n') + '\n'
  );
}

export function parseManifest(text: string): Manifest {
  const lines = text.split('\n');
  if (lines[0] !== MANIFEST_HEADER || lines.at(-1) !== '')
    throw new NoteError('not a Hetong evidence manifest');
  const m: Manifest = { contractId: '', treeSize: -1, documents: [], events: [] };
  for (const line of lines.slice(1, -1)) {
    const [kind, a, b, extra] = line.split(' ');
    if (extra !== undefined) throw new NoteError(`manifest line has too many fields: ${line}`);
    if (kind === 'contract' && a && b === undefined) m.contractId = a;
    else if (kind === 'checkpoint' && a && /^\d+$/.test(a)) m.treeSize = Number(a);
    else if (kind === 'document' && a && b && /^[0-9a-f]{64}$/.test(b))
      m.documents.push({ file: a, sha256: b });
    else if (kind === 'event' && a && /^\d+$/.test(a) && b && /^[0-9a-f]{64}$/.test(b))
      m.events.push({ leafIndex: Number(a), leafHash: b });
    else throw new NoteError(`manifest line not understood: ${line}`);
  }
  if (!m.contractId || m.treeSize < 0) throw new NoteError('the manifest names no contract or checkpoint');
  return m;
}
