-- A patient is active with no reason, or inactive with a known reason; a merged record names the
-- survivor it was merged into (never itself), and only a merged record does. CHECKs cannot be added
-- to an existing SQLite table without rebuilding it (and every table that references patients), so
-- triggers enforce the same rule. Each test is written so that a NULL makes it false, never NULL
-- (a WHEN that is NULL would let the row through).
CREATE TRIGGER `patients_state_insert` BEFORE INSERT ON `patients`
WHEN NOT (
  (NEW.active = 1 AND NEW.inactive_reason IS NULL AND NEW.merged_into_id IS NULL)
  OR (NEW.active = 0 AND NEW.inactive_reason IS NOT NULL
      AND NEW.inactive_reason IN ('deceased','merged','moved','other')
      AND (NEW.inactive_reason = 'merged') = (NEW.merged_into_id IS NOT NULL))
)
BEGIN
  SELECT RAISE(ABORT, 'patient state: an inactive record needs a reason, and only a merged one names the record it was merged into');
END;--> statement-breakpoint
CREATE TRIGGER `patients_state_update` BEFORE UPDATE OF `active`, `inactive_reason`, `merged_into_id` ON `patients`
WHEN NOT (
  (NEW.active = 1 AND NEW.inactive_reason IS NULL AND NEW.merged_into_id IS NULL)
  OR (NEW.active = 0 AND NEW.inactive_reason IS NOT NULL
      AND NEW.inactive_reason IN ('deceased','merged','moved','other')
      AND (NEW.inactive_reason = 'merged') = (NEW.merged_into_id IS NOT NULL)
      AND (NEW.merged_into_id IS NULL OR NEW.merged_into_id IS NOT NEW.id))
)
BEGIN
  SELECT RAISE(ABORT, 'patient state: an inactive record needs a reason, and only a merged one names the record it was merged into');
END;
