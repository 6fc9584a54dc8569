-- Issue 18: the citizen's document store (kho dữ liệu điện tử của tổ chức, cá nhân), src/modules/citizen-store/.
-- A store document points at a file already kept (an upload, by id and checksum): no bytes are copied.
-- Saved automatically from dossiers (the signed result when returned, the digitised components when
-- accepted), once per owner, dossier, file and kind: the unique key makes a message delivered twice harmless.
CREATE TABLE citizen_documents (
  id                  text PRIMARY KEY,
  owner_id            text NOT NULL REFERENCES users (id),
  -- The owner's identity number when known (what a national-store adapter would key the document by).
  owner_id_number     text,
  kind                text NOT NULL CHECK (kind IN ('result', 'component')),
  name                text NOT NULL,
  -- The procedure component it answers (component documents), or the procedure whose result it is.
  component_code      text,
  component_name      text,
  procedure_code      text NOT NULL,
  upload_id           text NOT NULL REFERENCES uploads (id),
  sha256              text NOT NULL,
  dossier_id          text NOT NULL REFERENCES dossiers (id),
  org_id              text NOT NULL REFERENCES organisations (id),
  issued_on           date NOT NULL,
  valid_until         date,
  signed              boolean NOT NULL,
  signed_document_id  text,
  created_at          timestamptz NOT NULL,
  -- Removed from the store by its owner: hidden and no longer reusable; the dossier keeps its file.
  removed_at          timestamptz,
  UNIQUE (owner_id, dossier_id, upload_id, kind)
);
CREATE INDEX citizen_documents_owner ON citizen_documents (owner_id, created_at DESC);
CREATE INDEX citizen_documents_dossier ON citizen_documents (dossier_id);

-- A store document reused in a dossier instead of a new upload: which document, for which component.
-- Written in the submission's transaction (src/modules/dossiers/submission.ts); the desk's view reads it.
CREATE TABLE citizen_document_reuses (
  dossier_id      text NOT NULL REFERENCES dossiers (id),
  component_code  text NOT NULL,
  document_id     text NOT NULL REFERENCES citizen_documents (id),
  upload_id       text NOT NULL REFERENCES uploads (id),
  reused_at       timestamptz NOT NULL,
  PRIMARY KEY (dossier_id, component_code, document_id)
);
CREATE INDEX citizen_document_reuses_document ON citizen_document_reuses (document_id);
