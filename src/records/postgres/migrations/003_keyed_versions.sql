-- A version for every keyed document (reviews and practitioners' dialogs in progress, among others), so
-- a turn can write one only if nobody else wrote it since it was read (putIfVersion), as conversation
-- states do. One sequence, so a version is never reused, even after a delete and a new entry.
-- The trigger bumps it on every update, including updates by instances still running the code before
-- this migration (a rolling deploy), so no write can slip past a version check.

CREATE SEQUENCE keyed_document_version;

-- Existing rows each get their own number from the default.
ALTER TABLE keyed_documents ADD COLUMN version bigint NOT NULL DEFAULT nextval('keyed_document_version');

CREATE FUNCTION keyed_documents_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := nextval('keyed_document_version');
  RETURN NEW;
END;
$$;
CREATE TRIGGER keyed_documents_next_version BEFORE UPDATE ON keyed_documents
  FOR EACH ROW EXECUTE FUNCTION keyed_documents_next_version();
