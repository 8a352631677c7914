-- Core platform schema: accounts, sessions, tokens, dataspaces, datasets with versions, imports, files, audit.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE SCHEMA IF NOT EXISTS datahub_data;

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  display_name text NOT NULL DEFAULT '',
  password_hash text NOT NULL,
  is_admin boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Session and token secrets are stored only as SHA-256 hex digests.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  source_address text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE dataspaces (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  responsible_office text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by bigint REFERENCES users(id)
);

CREATE TABLE memberships (
  dataspace_id bigint NOT NULL REFERENCES dataspaces(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('koordination', 'entwicklung', 'redaktion', 'lesen')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dataspace_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE api_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  token_prefix text NOT NULL,
  access text NOT NULL CHECK (access IN ('read', 'write')),
  dataspace_ids bigint[] NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

CREATE TABLE login_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  source_address text NOT NULL,
  succeeded boolean NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_lookup_idx ON login_attempts (username, attempted_at);
CREATE INDEX login_attempts_address_idx ON login_attempts (source_address, attempted_at);

CREATE TABLE files (
  id uuid PRIMARY KEY,
  dataspace_id bigint NOT NULL REFERENCES dataspaces(id) ON DELETE CASCADE,
  original_name text NOT NULL,
  media_type text NOT NULL DEFAULT 'application/octet-stream',
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by bigint REFERENCES users(id)
);

-- metadata holds the DCAT-AP.de fields (keywords, theme, license, publisher, contactPoint,
-- temporal, spatial, accrualPeriodicity, source) so a catalog export needs no remodelling.
CREATE TABLE datasets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dataspace_id bigint NOT NULL REFERENCES dataspaces(id) ON DELETE CASCADE,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  access_level text NOT NULL DEFAULT 'datenraum' CHECK (access_level IN ('oeffentlich', 'intern', 'datenraum')),
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  current_version integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by bigint REFERENCES users(id),
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('german', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('german', coalesce(metadata ->> 'keywordsText', '')), 'B') ||
    setweight(to_tsvector('german', coalesce(description, '')), 'C')
  ) STORED,
  UNIQUE (dataspace_id, slug)
);
CREATE INDEX datasets_search_idx ON datasets USING gin (search_vector);

-- One row per import attempt that reached the loading stage. The data lives in
-- datahub_data.<table_name>; only versions with status 'ready' may become current.
CREATE TABLE dataset_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dataset_id bigint NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('loading', 'ready', 'failed')),
  table_name text NOT NULL UNIQUE,
  columns jsonb NOT NULL,
  row_count bigint,
  source_file_id uuid REFERENCES files(id),
  import_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  created_by bigint REFERENCES users(id),
  UNIQUE (dataset_id, version)
);

CREATE TABLE imports (
  id uuid PRIMARY KEY,
  dataset_id bigint NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('pending', 'committing', 'committed', 'failed', 'cancelled')),
  file_id uuid NOT NULL REFERENCES files(id),
  format text NOT NULL,
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  detection jsonb NOT NULL DEFAULT '{}'::jsonb,
  columns jsonb NOT NULL DEFAULT '[]'::jsonb,
  report jsonb NOT NULL DEFAULT '{}'::jsonb,
  schema_diff jsonb,
  version integer,
  error jsonb,
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX imports_dataset_idx ON imports (dataset_id, created_at DESC);

-- Append-only: the trigger below rejects UPDATE and DELETE.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_id bigint,
  actor_name text,
  action text NOT NULL,
  dataspace_id bigint,
  object_type text,
  object_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  source_address text
);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC);
CREATE INDEX audit_log_dataspace_idx ON audit_log (dataspace_id, occurred_at DESC);

CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();
