-- 0022: single sign-on through OpenID Connect (SPEC §10.8). A user is found by
-- the HSA-id the identity provider asserts (unique when set); a login in
-- progress keeps its state, nonce and PKCE verifier here, so any app server can
-- take the provider's answer, and each is used once; a session started that way
-- keeps its ID token for logging out at the provider too.
ALTER TABLE users ADD COLUMN hsa_id TEXT;
CREATE UNIQUE INDEX users_hsa_id ON users(hsa_id);

ALTER TABLE sessions ADD COLUMN id_token TEXT NOT NULL DEFAULT '';

CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    nonce      TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    next       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
