-- Held slots (provider absence proposals) are refused by the database itself, like overlapping
-- appointments (0001): no second desk, process or service-layer bug can book over a hold, and a
-- hold cannot be placed over a visit or another hold. A deliberate overbook is let through, as it
-- is for appointments.
CREATE TRIGGER appointments_no_hold_overlap_insert
BEFORE INSERT ON appointments
WHEN NEW.overbook = 0 AND NEW.status IN ('booked','confirmed','arrived','in_room','completed')
BEGIN
  SELECT RAISE(ABORT, 'CLINICDESK_OVERLAP: that time is held for a patient moved by a provider absence')
  WHERE EXISTS (
    SELECT 1 FROM slot_holds h
    WHERE h.provider_id = NEW.provider_id
      AND h.start_ms > NEW.start_ms - 86400000
      AND h.start_ms < NEW.end_ms
      AND h.end_ms > NEW.start_ms
  );
END;
--> statement-breakpoint
CREATE TRIGGER slot_holds_no_overlap_insert
BEFORE INSERT ON slot_holds
BEGIN
  SELECT RAISE(ABORT, 'CLINICDESK_OVERLAP: provider already has an appointment or a hold at that time')
  WHERE EXISTS (
    SELECT 1 FROM slot_holds h
    WHERE h.provider_id = NEW.provider_id
      AND h.start_ms > NEW.start_ms - 86400000
      AND h.start_ms < NEW.end_ms
      AND h.end_ms > NEW.start_ms
  ) OR EXISTS (
    SELECT 1 FROM appointments a
    WHERE a.provider_id = NEW.provider_id
      AND a.start_ms > NEW.start_ms - 86400000
      AND a.start_ms < NEW.end_ms
      AND a.end_ms > NEW.start_ms
      AND a.status IN ('booked','confirmed','arrived','in_room','completed')
      AND a.overbook = 0
  );
END;
