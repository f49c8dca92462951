-- Identity: accounts, sessions, API tokens, password resets, the email
-- outbox, addresses, seller memberships and the authentication log.
-- Secrets are never stored: session ids, reset tokens and API tokens are
-- kept as SHA-256 hashes, passwords as argon2id hashes.

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    is_admin      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (email);

-- Failed logins per address typed, known account or not, so throttling
-- reveals nothing about which accounts exist.
CREATE TABLE login_throttle (
    email         text PRIMARY KEY,
    failures      integer NOT NULL DEFAULT 0,
    last_failure  timestamptz NOT NULL DEFAULT now(),
    blocked_until timestamptz
);

CREATE TABLE sessions (
    id_hash      bytea PRIMARY KEY CHECK (length(id_hash) = 32),
    user_id      bigint REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    ip           inet,
    user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE password_resets (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX password_resets_user ON password_resets (user_id);

CREATE TABLE api_tokens (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    scopes       text[] NOT NULL CHECK (scopes <@ ARRAY['read', 'orders', 'listings']::text[] AND cardinality(scopes) > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE addresses (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    full_name   text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
    line1       text NOT NULL CHECK (length(line1) BETWEEN 1 AND 200),
    line2       text NOT NULL DEFAULT '' CHECK (length(line2) <= 200),
    city        text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
    postal_code text NOT NULL CHECK (length(postal_code) BETWEEN 1 AND 16),
    region      text NOT NULL DEFAULT '' CHECK (length(region) <= 100),
    country     char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    phone       text NOT NULL DEFAULT '' CHECK (length(phone) <= 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX addresses_user ON addresses (user_id);

-- The seller organisations people belong to; the catalog issue adds the
-- selling details (country, handling days, quality score) to this table.
CREATE TABLE sellers (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    status     text NOT NULL DEFAULT 'applied'
               CHECK (status IN ('applied', 'approved', 'suspended')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE seller_members (
    seller_id bigint NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      text NOT NULL CHECK (role IN ('owner', 'staff')),
    PRIMARY KEY (seller_id, user_id)
);
CREATE INDEX seller_members_user ON seller_members (user_id);

-- Every email goes through this outbox; the jobs issue sends them.
CREATE TABLE emails (
    id         bigserial PRIMARY KEY,
    to_address text NOT NULL,
    subject    text NOT NULL,
    body_text  text NOT NULL,
    body_html  text NOT NULL,
    template   text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz
);

CREATE TABLE auth_events (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    user_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    event      text NOT NULL CHECK (event IN ('login_ok', 'login_failed',
               'logout', 'register', 'reset_requested', 'reset_used',
               'password_changed', 'email_changed', 'token_created',
               'token_revoked', 'session_ended')),
    email      text NOT NULL DEFAULT '',
    ip         inet,
    user_agent text NOT NULL DEFAULT ''
);
CREATE INDEX auth_events_user ON auth_events (user_id, at);

-- Who a signed-in request acts as: the user and the first approved seller
-- they belong to. Sessions and API tokens both resolve to this.
CREATE VIEW principals AS
SELECT u.id, u.email, u.name, u.is_admin, m.seller_id, m.role AS seller_role
  FROM users u
  LEFT JOIN LATERAL (
       SELECT sm.seller_id, sm.role
         FROM seller_members sm
         JOIN sellers s ON s.id = sm.seller_id AND s.status = 'approved'
        WHERE sm.user_id = u.id
        ORDER BY sm.seller_id
        LIMIT 1) m ON true;
