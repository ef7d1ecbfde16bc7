-- In-progress and paused conversation states, and completed records.
-- Conversation and paused keys are sha256 hex of the conversation id / reference code: the names the
-- lowdb store gives its files, so migrate-store copies them as they are and no code is ever stored.

-- One sequence for every state version, so a version is never reused, even after a delete and a new start.
CREATE SEQUENCE conversation_state_version;

CREATE TABLE conversation_states (
  key_hash   text COLLATE "C" PRIMARY KEY,
  state      jsonb NOT NULL,
  version    bigint NOT NULL DEFAULT nextval('conversation_state_version'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_states_updated_at ON conversation_states (updated_at);

CREATE TABLE paused_states (
  code_hash  text COLLATE "C" PRIMARY KEY,
  state      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX paused_states_updated_at ON paused_states (updated_at);

-- The whole record is in body; the columns beside it are copies for finding and sorting.
CREATE TABLE records (
  id             text COLLATE "C" PRIMARY KEY,   -- byte order, so all() can page by id on the index
  subject_ref    text COLLATE "C" NOT NULL,
  created_at     timestamptz,          -- null only if createdAt is not a time (body keeps the original)
  sharing        text NOT NULL,
  flagged        boolean NOT NULL,
  schema_version integer NOT NULL,
  body           jsonb NOT NULL
);
CREATE INDEX records_subject ON records (subject_ref, created_at);
CREATE INDEX records_created_at ON records (created_at);
CREATE INDEX records_shared ON records (created_at) WHERE sharing = 'shared';
CREATE INDEX records_flagged ON records (created_at) WHERE flagged;
