/**
 * What each figure on the reports screen means, in the words shown one hover away. Browser-safe:
 * the engine's report code and the renderer read the same sentences, so a definition cannot
 * drift from what the SQL counts.
 */
export const REPORT_DEFINITIONS = {
  utilization:
    'Booked minutes (kept visits, no-shows and visits still to come) ÷ open template minutes (weekly hours minus breaks, time off, closed days and holidays). Cancelled and rescheduled visits do not count. Overbooking can take it above 100 %.',
  noShowRate:
    'No-shows ÷ (kept visits + no-shows), for visits dated in the period. A visit cancelled after its start time is a late cancellation, never a no-show.',
  lateCancelRate:
    "Patient cancellations made less than the clinic's late-cancel window before the start (or after it) ÷ every visit dated in the period that was not rescheduled.",
  cancellationsByWho:
    'Cancellations of visits dated in the period by who asked: the patient, the clinic, or the provider (a provider "bump").',
  leadTime:
    'Days from booking to visit, for visits dated in the period (kept, no-show or still to come): the median and the 90th percentile.',
  newPatientLag:
    "Lead time of a patient's first visit with the clinic (no earlier kept visit): how long a new patient waits.",
  fill14: 'Booked minutes ÷ open template minutes over the next 14 days, from today.',
  weekdayHour: 'Visits (not cancelled or rescheduled) by weekday and starting hour, clinic time.',
  reminderEffect:
    'Visits that had a reminder sent, by its outcome: confirmed (by reply or call), no answer (delivered, never confirmed), or failed to deliver (no message reached the patient). Confirmation rate = confirmed ÷ reminded; no-show rate per outcome as above.',
  tnaa: 'Time to third next available (IHI): calendar days from the day of measurement to the third next open slot that fits the visit type, measured each morning per provider and visit type. The third, not the first, is counted so that a single cancellation does not make access look better than it is.',
  noShowRisk:
    "The clinic's own no-show model, trained weekly on its closed visits with facts known at booking time. Shown only when its held-out AUC is at least 0.65 on at least 2,000 closed visits. Never shown to patients, never used to refuse a booking.",
} as const;

export type ReportKey = keyof typeof REPORT_DEFINITIONS;

/** The TNAA target line on the trend chart (days); IHI's advanced-access goal is same-day, many clinics aim for a few days. */
export const TNAA_TARGET_DAYS = 3;

export const RISK_BANDS = ['low', 'medium', 'high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];
