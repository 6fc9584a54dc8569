-- Uploads (issue 12): a daily quota per account, uploads written in parts so the embedded database
-- never takes a whole file in one statement, and the removal of uploads never attached.

-- What an account uploaded on a Vietnam calendar day; the quota check is a conditional upsert on
-- this row, so two parallel uploads at the edge of the quota cannot both pass.
CREATE TABLE upload_quota_days (
  owner_id  text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  day       date NOT NULL,
  files     integer NOT NULL,
  bytes     bigint NOT NULL,
  PRIMARY KEY (owner_id, day)
);

-- Parts of a file on its way into blobs, on the embedded database: each part is one small statement,
-- the whole file is put together inside the database (services/uploads.ts). Rows live for the
-- duration of one upload, so the table is unlogged (no WAL for them; emptied after a crash); leftovers
-- of an interrupted upload are removed with the stale uploads.
CREATE UNLOGGED TABLE upload_parts (
  upload_id   text NOT NULL,
  seq         integer NOT NULL,
  content     bytea NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (upload_id, seq)
);

-- The purge looks for old uploads; references to uploads are looked up by upload id.
CREATE INDEX uploads_created ON uploads (created_at);
CREATE INDEX dossier_attachments_upload ON dossier_attachments (upload_id);
CREATE INDEX signed_documents_upload ON signed_documents (upload_id);
CREATE INDEX dossiers_result_upload ON dossiers (result_upload_id) WHERE result_upload_id IS NOT NULL;
CREATE INDEX uploads_sha256 ON uploads (sha256);
