-- Official documents: organisations' signing keys (sealed), trusted CAs, signed results and their
-- revocation, and the verification report of signed uploads.

CREATE TABLE org_signing_keys (
  org_id       text PRIMARY KEY REFERENCES organisations(id),
  -- The private key, AES-256-GCM under the server's secret key (MOTCUA_SECRET_KEY or data/secret.key).
  key_sealed   text NOT NULL,
  -- Signer certificate first, then its issuers (PEM strings).
  chain_pem    jsonb NOT NULL,
  subject      text NOT NULL,
  not_after    timestamptz NOT NULL,
  is_demo      boolean NOT NULL DEFAULT false,
  imported_by  text REFERENCES users(id),
  created_at   timestamptz NOT NULL
);

CREATE TABLE trusted_cas (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  cert_pem    text NOT NULL,
  is_demo     boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL
);

CREATE TABLE signed_documents (
  -- Short public id: /verify/{id}
  id              text PRIMARY KEY,
  dossier_id      text NOT NULL REFERENCES dossiers(id),
  org_id          text NOT NULL REFERENCES organisations(id),
  kind            text NOT NULL,
  upload_id       text NOT NULL REFERENCES uploads(id),
  sha256          text NOT NULL,
  signer          text NOT NULL,
  issued_at       timestamptz NOT NULL,
  revoked_at      timestamptz,
  revoked_reason  text,
  revoked_by      text REFERENCES users(id)
);
CREATE INDEX signed_documents_sha256 ON signed_documents (sha256);
CREATE INDEX signed_documents_dossier ON signed_documents (dossier_id);

-- Verification report of a digitally signed upload (null: not checked / not signed).
ALTER TABLE uploads ADD COLUMN signature jsonb;
