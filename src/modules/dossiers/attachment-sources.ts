/**
 * Components reused from the applicant's data store instead of a new upload (issue 18; the store is the
 * citizen-store module, docs/citizen-store.md). The dossiers module does not import the store (the store
 * reads dossiers): the composition root (src/app.ts) registers it here. Without a store registered, an
 * application that names a store document is refused (422).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

export interface StoreRef {
  /** The attachment's index in the request (for the error's path). */
  index: number;
  componentCode: string;
  storeDocumentId: string;
}

export interface ResolvedReuse {
  componentCode: string;
  documentId: string;
  uploadId: string;
}

export interface DocumentStore {
  /** The file each reference attaches, after checking it belongs to `ownerId` and is still valid (throws a DomainError otherwise). */
  resolve(db: Kysely<DB>, ownerId: string, refs: StoreRef[], now: Date): Promise<ResolvedReuse[]>;
  /** Records the reuses on the new dossier, in the submission's transaction. */
  record(db: Kysely<DB>, dossierId: string, reuses: ResolvedReuse[], at: Date): Promise<void>;
}

let store: DocumentStore | null = null;

export function registerDocumentStore(s: DocumentStore): void {
  store = s;
}

export function documentStore(): DocumentStore | null {
  return store;
}
