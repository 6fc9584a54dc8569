-- Issue 18: sign-in with VNeID (src/modules/integrations/vneid/).
-- The level of electronic identity (Decree 69/2024/NĐ-CP: 1 = basic, 2 = verified with the chip card) the
-- national identity platform asserted: on the account (the highest seen) and on each session (what this
-- sign-in proved). NULL: never signed in with VNeID / a password session.
ALTER TABLE users ADD COLUMN identity_level smallint CHECK (identity_level IN (1, 2));
ALTER TABLE sessions ADD COLUMN identity_level smallint CHECK (identity_level IN (1, 2));

-- A procedure may require a level of electronic identity for online submission (NULL: none).
ALTER TABLE procedures ADD COLUMN required_identity_level smallint CHECK (required_identity_level IN (1, 2));

-- Sign-ins under way: the OpenID Connect state, nonce and PKCE verifier stay on the server, keyed by the
-- state, used once (deleted when the provider answers), and expire after 10 minutes.
CREATE TABLE vneid_logins (
  state text PRIMARY KEY,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

-- The identity VNeID last asserted for an account (its claims), so the portal can prefill the applicant
-- with what the national platform verified (birth date and sex are not kept on the account itself).
CREATE TABLE vneid_identities (
  user_id text PRIMARY KEY REFERENCES users (id),
  identity_number text NOT NULL,
  full_name text NOT NULL,
  birth_date text,
  sex text CHECK (sex IN ('male', 'female')),
  address text,
  phone text,
  level smallint NOT NULL CHECK (level IN (1, 2)),
  verified_at timestamptz NOT NULL
);
