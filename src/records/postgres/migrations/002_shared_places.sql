-- The smaller stores beside the main one, shared by every instance: small JSON documents by key
-- (review conversations, Teams conversation references, practitioners' dialog state) and append-only
-- logs (the practitioners' audit log, erasure tombstones). Keys are sha256 hex, as in the lowdb files.

CREATE TABLE keyed_documents (
  place      text COLLATE "C" NOT NULL,
  key_hash   text COLLATE "C" NOT NULL,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (place, key_hash)
);

CREATE TABLE log_entries (
  seq    bigserial PRIMARY KEY,
  log    text COLLATE "C" NOT NULL,
  at     timestamptz NOT NULL DEFAULT now(),
  entry  jsonb NOT NULL
);
CREATE INDEX log_entries_by_log ON log_entries (log, seq);

-- Append-only means append-only: history cannot be changed through the bot's connection.
CREATE FUNCTION log_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'log_entries is append-only';
END;
$$;
CREATE TRIGGER log_entries_append_only BEFORE UPDATE OR DELETE ON log_entries
  FOR EACH ROW EXECUTE FUNCTION log_entries_append_only();
