-- Set for an account whose password was generated (the first admin's one-time password);
-- cleared when the user sets their own password through POST /api/v1/auth/password.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
