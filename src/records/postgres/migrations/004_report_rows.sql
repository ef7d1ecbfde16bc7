-- Report rows in PostgreSQL, as the embedded store keeps them in files (src/records/report-rows.ts):
-- each record's row beside its body, pointing into a shared list of outcome and rating labels, so a
-- report reads about a quarter of the bytes and no whole records. A null row is made from the body
-- the next time a report reads it (records written before this migration, or by an instance still
-- running the code before it during a rolling deploy).

CREATE TABLE report_catalogues (
  hash text COLLATE "C" PRIMARY KEY,  -- of the body, so equal label lists are stored once
  body text NOT NULL                  -- { "outcomes": [[id, label, group, groupTitle], ...], "ratingLabels": [...] }
);

ALTER TABLE records ADD COLUMN report_row text;        -- one row; sealed whole when the bot holds DATA_KEYS
ALTER TABLE records ADD COLUMN report_catalogue text;  -- report_catalogues.hash
ALTER TABLE records ADD COLUMN report_stamp bigint;    -- new on every write of the row (see the trigger)

CREATE SEQUENCE report_row_stamp;

-- A body changed without its row (an instance on the code before this migration) must not keep a
-- row that no longer matches it: the row is cleared, to be made again. Every write of a row takes a
-- new stamp, so "the row was written too" is told apart from "the row happens to be the same text".
CREATE FUNCTION records_clear_stale_report_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.body IS DISTINCT FROM OLD.body AND NEW.report_stamp IS NOT DISTINCT FROM OLD.report_stamp THEN
    NEW.report_row := NULL;
    NEW.report_catalogue := NULL;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER records_clear_stale_report_row BEFORE UPDATE ON records
  FOR EACH ROW EXECUTE FUNCTION records_clear_stale_report_row();
