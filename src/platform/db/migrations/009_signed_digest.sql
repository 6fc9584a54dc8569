-- Issue 12: an issued document is identified by what is signed, not by the bytes of the whole file.
-- The signature's /Contents hex lies outside the signed /ByteRange bytes, so the same signed content can
-- be re-encoded (hex case, padding, appended bytes) into a file with another SHA-256.
-- signed_digest: hex SHA-256 over the /ByteRange bytes (what the CMS messageDigest covers). Rows issued
-- before this migration get it from a TypeScript step at server start (backfillSignedDigests in
-- src/modules/signing/signing.ts): SQL cannot parse the PDF.
ALTER TABLE signed_documents ADD COLUMN signed_digest text;
CREATE INDEX signed_documents_signed_digest ON signed_documents (signed_digest);

-- Trust anchors can be disabled (not deleted: what was verified against them stays explainable).
ALTER TABLE trusted_cas ADD COLUMN disabled_at timestamptz;
ALTER TABLE trusted_cas ADD COLUMN disabled_by text REFERENCES users(id);
ALTER TABLE trusted_cas ADD COLUMN disabled_reason text;
