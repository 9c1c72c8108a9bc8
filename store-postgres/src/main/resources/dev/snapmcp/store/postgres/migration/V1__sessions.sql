-- snap-mcp's session store on PostgreSQL: version 1. docs/store-format.md ("The PostgreSQL store") says what every
-- column means and how a transaction changes them; the Java store is store-postgres's PostgresSessionStore.
-- Flyway runs this once per schema (the URL's currentSchema, by default snap_mcp), inside one transaction.

-- The store's one row: the commits it counts, and the bridge record.
CREATE TABLE store (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  -- Commits of transactions that held this row (the bridge's, purges), plus those counted on purged sessions' rows:
  -- the store's revision is this plus the sum of sessions.commits.
  commits bigint NOT NULL DEFAULT 0 CHECK (commits >= 0),
  -- The bridge record: the JSON object sessions.json keeps under "bridge", or null when no bridge registered.
  bridge jsonb CHECK (bridge IS NULL OR jsonb_typeof(bridge) = 'object')
);
INSERT INTO store DEFAULT VALUES;

-- One row per session.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  -- The store's order: the order sessions were added (list() sorts by createdAt, ties in this order).
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- The session: the JSON object sessions.json keeps under "sessions"."<id>", unknown fields included. The token is
  -- never here, only its hash.
  session jsonb NOT NULL CHECK (jsonb_typeof(session) = 'object' AND session ->> 'id' = id),
  -- Copies of what queries select on, written with the session by every commit.
  expires_at timestamptz,
  revoked boolean NOT NULL,
  connected boolean NOT NULL,
  -- Whether the first commit after expires_at still has to record the session's expiry.
  expiry_unrecorded boolean NOT NULL,
  -- Commits counted on this row: each commit that changes sessions, and holds no store row, adds one here.
  commits bigint NOT NULL DEFAULT 0 CHECK (commits >= 0)
);

-- What every commit looks for: sessions expired whose expiry is not recorded yet (few, or none).
CREATE INDEX sessions_expiry_unrecorded ON sessions (expires_at) WHERE expiry_unrecorded;
-- What a bridge that takes over looks for: sessions still marked connected.
CREATE INDEX sessions_connected ON sessions (seq) WHERE connected;
