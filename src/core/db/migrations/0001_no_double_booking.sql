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
CREATE TRIGGER appointments_no_overlap_update
BEFORE UPDATE OF provider_id, start_ms, end_ms, status, overbook ON appointments
WHEN NEW.overbook = 0 AND NEW.status IN ('booked','confirmed','arrived','in_room','completed')
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
