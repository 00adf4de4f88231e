-- Keep appointment_span.longest_ms at the longest appointment ever stored (it never shrinks, so a
-- rolled-back or cancelled long visit only makes the engine look a little further back).
INSERT INTO appointment_span (id, longest_ms)
  SELECT 1, coalesce(max(end_ms - start_ms), 0) FROM appointments;
--> statement-breakpoint
CREATE TRIGGER appointments_longest_insert AFTER INSERT ON appointments
WHEN NEW.end_ms - NEW.start_ms > (SELECT longest_ms FROM appointment_span WHERE id = 1)
BEGIN
  UPDATE appointment_span SET longest_ms = NEW.end_ms - NEW.start_ms WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER appointments_longest_update AFTER UPDATE OF start_ms, end_ms ON appointments
WHEN NEW.end_ms - NEW.start_ms > (SELECT longest_ms FROM appointment_span WHERE id = 1)
BEGIN
  UPDATE appointment_span SET longest_ms = NEW.end_ms - NEW.start_ms WHERE id = 1;
END;
