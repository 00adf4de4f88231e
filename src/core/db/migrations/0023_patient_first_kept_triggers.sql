-- patient_first_kept follows the appointments on every path that writes them (booking, check-in,
-- cancel, reschedule, merge, imports, raw SQL): a visit is kept when arrived, in room or completed
-- (KEPT_STATUSES in src/core/reports/metrics.ts). An insert can only lower a patient's first kept
-- visit; an update or delete that touches a kept visit works it out again from the patient's own
-- visits (a few rows along appointments_patient_start). The rows are added with NOT EXISTS rather
-- than INSERT OR IGNORE: a trigger takes the conflict rule of the statement that fired it, so an
-- outer OR REPLACE would otherwise wipe the patient's value.
CREATE TRIGGER `appointments_first_kept_insert` AFTER INSERT ON `appointments`
BEGIN
  INSERT INTO `patient_first_kept` (`patient_id`, `first_kept_ms`)
    SELECT NEW.patient_id, NULL
     WHERE NOT EXISTS (SELECT 1 FROM `patient_first_kept` WHERE `patient_id` = NEW.patient_id);
  UPDATE `patient_first_kept` SET `first_kept_ms` = NEW.start_ms
   WHERE `patient_id` = NEW.patient_id
     AND NEW.status IN ('arrived','in_room','completed')
     AND (`first_kept_ms` IS NULL OR `first_kept_ms` > NEW.start_ms);
END;--> statement-breakpoint
CREATE TRIGGER `appointments_first_kept_update` AFTER UPDATE OF `patient_id`, `status`, `start_ms` ON `appointments`
WHEN OLD.patient_id IS NOT NEW.patient_id
  OR (OLD.status IN ('arrived','in_room','completed')) IS NOT (NEW.status IN ('arrived','in_room','completed'))
  OR (NEW.status IN ('arrived','in_room','completed') AND OLD.start_ms IS NOT NEW.start_ms)
BEGIN
  INSERT INTO `patient_first_kept` (`patient_id`, `first_kept_ms`)
    SELECT NEW.patient_id, NULL
     WHERE NOT EXISTS (SELECT 1 FROM `patient_first_kept` WHERE `patient_id` = NEW.patient_id);
  UPDATE `patient_first_kept` SET `first_kept_ms` = (
      SELECT k.start_ms FROM `appointments` k
       WHERE k.patient_id = `patient_first_kept`.`patient_id`
         AND k.status IN ('arrived','in_room','completed')
       ORDER BY k.start_ms LIMIT 1)
   WHERE `patient_id` IN (OLD.patient_id, NEW.patient_id);
END;--> statement-breakpoint
CREATE TRIGGER `appointments_first_kept_delete` AFTER DELETE ON `appointments`
WHEN OLD.status IN ('arrived','in_room','completed')
BEGIN
  UPDATE `patient_first_kept` SET `first_kept_ms` = (
      SELECT k.start_ms FROM `appointments` k
       WHERE k.patient_id = OLD.patient_id
         AND k.status IN ('arrived','in_room','completed')
       ORDER BY k.start_ms LIMIT 1)
   WHERE `patient_id` = OLD.patient_id;
END;--> statement-breakpoint
-- Every patient who already has appointments, from their visits so far.
INSERT INTO `patient_first_kept` (`patient_id`, `first_kept_ms`)
  SELECT `patient_id`, min(CASE WHEN `status` IN ('arrived','in_room','completed') THEN `start_ms` END)
    FROM `appointments` GROUP BY `patient_id`;
