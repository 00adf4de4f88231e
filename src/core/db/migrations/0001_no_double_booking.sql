-- The database itself refuses two appointments of one provider that overlap in time, so that no
-- second process, second front-desk PC or bug in the service layer can double-book. Appointments
-- that still hold their time are booked, confirmed, arrived, in_room and completed; no_show,
-- cancelled and rescheduled ones have given their time back. A deliberate overbook (overbook = 1,
-- which needs a reason by CHECK) is let through. The look-back of one day is safe because a CHECK
-- keeps every appointment at most 24 hours long, and it keeps the probe on the
-- (provider_id, start_ms) index short.
CREATE TRIGGER appointments_no_overlap_insert
BEFORE INSERT ON appointments
WHEN NEW.overbook = 0 AND NEW.status IN ('booked','confirmed','arrived','in_room','completed')
BEGIN
  SELECT RAISE(ABORT, 'CLINICDESK_OVERLAP: provider already has an appointment at that time')
  WHERE EXISTS (
    SELECT 1 FROM appointments a
    WHERE a.provider_id = NEW.provider_id
      AND a.start_ms > NEW.start_ms - 86400000
      AND a.start_ms < NEW.end_ms
      AND a.end_ms > NEW.start_ms
      AND a.status IN ('booked','confirmed','arrived','in_room','completed')
  );
END;
--> statement-breakpoint
-- On update, only a row that starts to hold time it did not hold before is checked: it moved,
-- stopped being an overbook, or came back from no-show. Confirming or checking in the patient an
-- overbook was placed on top of must keep working.
CREATE TRIGGER appointments_no_overlap_update
BEFORE UPDATE OF provider_id, start_ms, end_ms, status, overbook ON appointments
WHEN NEW.overbook = 0 AND NEW.status IN ('booked','confirmed','arrived','in_room','completed')
  AND (OLD.overbook = 1 OR OLD.status NOT IN ('booked','confirmed','arrived','in_room','completed')
       OR NEW.provider_id <> OLD.provider_id OR NEW.start_ms <> OLD.start_ms OR NEW.end_ms <> OLD.end_ms)
BEGIN
  SELECT RAISE(ABORT, 'CLINICDESK_OVERLAP: provider already has an appointment at that time')
  WHERE EXISTS (
    SELECT 1 FROM appointments a
    WHERE a.provider_id = NEW.provider_id
      AND a.id <> NEW.id
      AND a.start_ms > NEW.start_ms - 86400000
      AND a.start_ms < NEW.end_ms
      AND a.end_ms > NEW.start_ms
      AND a.status IN ('booked','confirmed','arrived','in_room','completed')
  );
END;
--> statement-breakpoint
-- The audit log is append-only: history a manager relies on cannot be edited afterwards.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'CLINICDESK_AUDIT: the audit log cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'CLINICDESK_AUDIT: the audit log cannot be changed');
END;
--> statement-breakpoint
-- Change tokens: in-memory copies of the directory and of schedules are reused until one of these
-- tables changes, whichever process changed it (see change_tokens in schema.ts).
INSERT INTO change_tokens (name, token) VALUES ('directory', 1), ('schedules', 1);
--> statement-breakpoint
CREATE TRIGGER locations_insert_token AFTER INSERT ON locations
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER locations_update_token AFTER UPDATE ON locations
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER locations_delete_token AFTER DELETE ON locations
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER providers_insert_token AFTER INSERT ON providers
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER providers_update_token AFTER UPDATE ON providers
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER providers_delete_token AFTER DELETE ON providers
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER provider_locations_insert_token AFTER INSERT ON provider_locations
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER provider_locations_update_token AFTER UPDATE ON provider_locations
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER provider_locations_delete_token AFTER DELETE ON provider_locations
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER visit_types_insert_token AFTER INSERT ON visit_types
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER visit_types_update_token AFTER UPDATE ON visit_types
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER visit_types_delete_token AFTER DELETE ON visit_types
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER visit_type_specialties_insert_token AFTER INSERT ON visit_type_specialties
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER visit_type_specialties_update_token AFTER UPDATE ON visit_type_specialties
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER visit_type_specialties_delete_token AFTER DELETE ON visit_type_specialties
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'directory';
END;
--> statement-breakpoint
CREATE TRIGGER weekly_schedules_insert_token AFTER INSERT ON weekly_schedules
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER weekly_schedules_update_token AFTER UPDATE ON weekly_schedules
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER weekly_schedules_delete_token AFTER DELETE ON weekly_schedules
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER schedule_blocks_insert_token AFTER INSERT ON schedule_blocks
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER schedule_blocks_update_token AFTER UPDATE ON schedule_blocks
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER schedule_blocks_delete_token AFTER DELETE ON schedule_blocks
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER schedule_overrides_insert_token AFTER INSERT ON schedule_overrides
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER schedule_overrides_update_token AFTER UPDATE ON schedule_overrides
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER schedule_overrides_delete_token AFTER DELETE ON schedule_overrides
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER time_off_insert_token AFTER INSERT ON time_off
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER time_off_update_token AFTER UPDATE ON time_off
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
--> statement-breakpoint
CREATE TRIGGER time_off_delete_token AFTER DELETE ON time_off
BEGIN
  UPDATE change_tokens SET token = random() WHERE name = 'schedules';
END;
