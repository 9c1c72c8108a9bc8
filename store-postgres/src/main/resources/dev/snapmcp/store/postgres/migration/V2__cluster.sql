-- snap-mcp's store, version 2: bridge nodes that share the store (issue 17). docs/cluster.md says what every table
-- means and how a command travels through them; the Java side is store-postgres's PostgresCluster.

-- The node directory: every running bridge node, with its heartbeat. A node whose heartbeat is older than its own
-- stale_after_ms (the database's clock) is dead: any node may remove it (reapDead).
CREATE TABLE nodes (
  id text PRIMARY KEY,
  address text,
  host text NOT NULL,
  port integer NOT NULL CHECK (port BETWEEN 0 AND 65535),
  pid bigint NOT NULL,
  version text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  stale_after_ms bigint NOT NULL CHECK (stale_after_ms > 0)
);

-- Which node holds each tab (its WebSocket, its queue, its reconnect grace): the node that welcomed its newest
-- connection. A row whose node is gone from nodes holds nothing.
CREATE TABLE tab_locations (
  session text PRIMARY KEY,
  node text NOT NULL,
  connection text NOT NULL,
  since timestamptz NOT NULL DEFAULT now()
);

-- Commands carried from the node a control API request reached (caller) to the node holding the tab (target).
-- state: queued (written, not yet claimed) -> claimed (claimed_by took it, in one transaction, before sending it to
-- the tab) -> answered (outcome recorded by the claimant), or lost (the claimant died first: never run again), or
-- returned (the target died or withdrew before claiming: the caller routes it again), or withdrawn (the caller gave up
-- before anyone claimed it).
CREATE TABLE commands (
  session text NOT NULL,
  id text NOT NULL,
  caller text NOT NULL,
  target text NOT NULL,
  command jsonb NOT NULL CHECK (jsonb_typeof(command) = 'object'),
  timeout_ms bigint NOT NULL CHECK (timeout_ms > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'claimed', 'answered', 'lost', 'returned', 'withdrawn')),
  claimed_by text,
  claimed_at timestamptz,
  outcome jsonb CHECK (outcome IS NULL OR jsonb_typeof(outcome) = 'object'),
  finished_at timestamptz,
  PRIMARY KEY (session, id)
);
CREATE INDEX commands_queued ON commands (target, created_at) WHERE state = 'queued';
CREATE INDEX commands_claimed ON commands (claimed_by) WHERE state = 'claimed';
CREATE INDEX commands_finished ON commands (finished_at) WHERE finished_at IS NOT NULL;

-- The keys of serve --http, shared by every node: only each key's SHA-256 hash, as http-keys.json keeps it.
CREATE TABLE http_keys (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  name text NOT NULL,
  hash text NOT NULL CHECK (hash ~ '^sha256:[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL
);
