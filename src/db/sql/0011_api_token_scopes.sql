-- A token sees no more than the member who issued it: it carries that member's scopes.
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '{}';

-- Tokens issued before this change take their issuer's present scopes.
UPDATE api_tokens SET scopes = (
  SELECT m.scopes FROM memberships m
  WHERE m.org_id = api_tokens.org_id AND m.user_id = api_tokens.created_by)
WHERE EXISTS (
  SELECT 1 FROM memberships m
  WHERE m.org_id = api_tokens.org_id AND m.user_id = api_tokens.created_by);
