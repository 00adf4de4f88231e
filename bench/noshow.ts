/**
 * noshow.auc / noshow.trainSec: the clinic's no-show model (the same feature builder and the same
 * trainer the app runs) evaluated on the public Kaggle "Medical Appointment No Shows" set
 * (../shared/data/noshow, 110,527 appointments in Vitória, Brazil, 2016; CC BY-NC-SA, so it is
 * read here for evaluation only and never copied into the project or the app).
 * `npm run noshow:eval` prints the full report; `npm run bench -- --only noshow` the figures.
 *
 * Split: test = appointments whose AppointmentDay is in the last 20 days of the set
 * (2016-05-20 … 2016-06-08), train = every earlier AppointmentDay.
 *
 * Traps, and what is done about each:
 * - AppointmentDay is a date only (always 00:00Z). A visit's outcome is taken as known at the end
 *   of its day, so a patient's prior no-shows and kept visits count only visits dated before the
 *   day this booking was made (features.ts: a date-only visit never counts for a same-day
 *   booking). Lead time is counted in calendar days between ScheduledDay's date and
 *   AppointmentDay, never in hours against a midnight that is not the visit's time.
 * - ScheduledDay and AppointmentDay are both read in the set's own frame (the dates as written),
 *   so the two are comparable; the true local zone is not recorded.
 * - Same-day rows (38,563, lead 0 days, 4.6 % no-show) stay in: they are real walk-in style
 *   bookings and the model must rank them. Because same-day rows alone make lead time look very
 *   predictive, the AUC on bookings made at least a day ahead is printed too.
 * - Negative lead times (5 rows scheduled after their appointment day) are impossible records
 *   and are dropped from training, testing and history alike.
 * - Age −1 is unknown (no age band); ages up to 115 are kept.
 * - The set's other columns (neighbourhood, benefits, conditions, SMS_received) are not used: the
 *   clinic does not record them, and SMS_received is decided after booking. Visit type and
 *   reminder answers are absent from the set, so those features are unknown here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { noShowFeatures, type PastVisit } from '../src/core/reports/noshow/features';
import { fitNoShowModel, scoreNoShow } from '../src/core/reports/noshow/model';
import {
  calibrationByDecile,
  prAuc,
  rocAuc,
  type CalibrationRow,
} from '../src/core/reports/noshow/metrics';
import type { GbtOptions } from '../src/core/reports/noshow/gbt';
import { addDays, dayNumber } from '../src/core/time';

const here = path.dirname(fileURLToPath(import.meta.url));
export const NOSHOW_CSV = path.resolve(here, '../../shared/data/noshow/KaggleV2-May-2016.csv');
const TEST_DAYS = 20;

interface Row {
  patient: string;
  bookedDate: string;
  bookedMinutes: number;
  visitDate: string;
  age: number | null;
  noShow: boolean;
}

export interface NoShowEvaluation {
  rows: number;
  dropped: { negativeLead: number };
  trainRows: number;
  testRows: number;
  testFrom: string;
  testTo: string;
  auc: number;
  prAuc: number;
  testNoShowRate: number;
  aucUnseenPatients: number;
  unseenPatientRows: number;
  aucAheadOnly: number;
  aucLeadTimeAlone: number;
  calibration: CalibrationRow[];
  trainSec: number;
  /** CPU seconds of the training alone: on a shared machine the wall figure mostly measures others. */
  trainCpuSec: number;
  featuresSec: number;
}

function readRows(file: string): { rows: Row[]; negativeLead: number } {
  const records = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const rows: Row[] = [];
  let negativeLead = 0;
  for (const r of records) {
    const scheduled = r.ScheduledDay!;
    const bookedDate = scheduled.slice(0, 10);
    const visitDate = r.AppointmentDay!.slice(0, 10);
    if (visitDate < bookedDate) {
      negativeLead++;
      continue;
    }
    const age = Number(r.Age);
    rows.push({
      patient: r.PatientId!,
      bookedDate,
      bookedMinutes: Number(scheduled.slice(11, 13)) * 60 + Number(scheduled.slice(14, 16)),
      visitDate,
      age: Number.isFinite(age) && age >= 0 ? age : null,
      noShow: r['No-show'] === 'Yes',
    });
  }
  return { rows, negativeLead };
}

/**
 * `validation: true` evaluates inside the training period only (its last 10 days against the
 * earlier ones), never touching the test days: that is where the trees' settings were chosen.
 */
export function evaluatePublicNoShow(
  p: { file?: string; options?: Partial<GbtOptions>; validation?: boolean } = {},
): NoShowEvaluation {
  const read = readRows(p.file ?? NOSHOW_CSV);
  const negativeLead = read.negativeLead;
  let rows = read.rows;
  let lastDay = rows.reduce((m, r) => (r.visitDate > m ? r.visitDate : m), '0000-00-00');
  let testFrom = addDays(lastDay, -(TEST_DAYS - 1));
  if (p.validation) {
    const cutoff = testFrom;
    rows = rows.filter((r) => r.visitDate < cutoff);
    lastDay = addDays(cutoff, -1);
    testFrom = addDays(cutoff, -10);
  }

  const t0 = performance.now();
  const history = new Map<string, PastVisit[]>();
  for (const r of rows) {
    const list = history.get(r.patient) ?? [];
    list.push({
      visit: { date: r.visitDate, minutes: null },
      booked: { date: r.bookedDate, minutes: r.bookedMinutes },
      outcome: r.noShow ? 'noShow' : 'kept',
    });
    history.set(r.patient, list);
  }
  const featured = rows.map((r) => ({
    row: r,
    features: noShowFeatures({
      booking: {
        booked: { date: r.bookedDate, minutes: r.bookedMinutes },
        visit: { date: r.visitDate, minutes: null },
        ageYears: r.age,
        visitType: null,
        reminder: null,
      },
      // The whole history, later visits included: the builder reads only what was known then.
      history: history.get(r.patient)!,
    }),
  }));
  const featuresSec = (performance.now() - t0) / 1000;

  const train = featured.filter((f) => f.row.visitDate < testFrom);
  const test = featured.filter((f) => f.row.visitDate >= testFrom);
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  const model = fitNoShowModel(
    train.map((f) => ({
      features: f.features,
      noShow: f.row.noShow,
      visitKey: dayNumber(f.row.visitDate),
    })),
    p.options,
  );
  const trainSec = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu1);
  const trainCpuSec = (cpu.user + cpu.system) / 1e6;

  const scored = test.map((f) => ({
    score: scoreNoShow(model, f.features),
    label: f.row.noShow ? 1 : 0,
    features: f.features,
    patient: f.row.patient,
  }));
  const trainPatients = new Set(train.map((f) => f.row.patient));
  const unseen = scored.filter((s) => !trainPatients.has(s.patient));
  const ahead = scored.filter((s) => s.features.leadDays >= 1);
  return {
    rows: rows.length,
    dropped: { negativeLead },
    trainRows: train.length,
    testRows: test.length,
    testFrom,
    testTo: lastDay,
    auc: rocAuc(scored),
    prAuc: prAuc(scored),
    testNoShowRate: scored.reduce((s, r) => s + r.label, 0) / scored.length,
    aucUnseenPatients: rocAuc(unseen),
    unseenPatientRows: unseen.length,
    aucAheadOnly: rocAuc(ahead),
    aucLeadTimeAlone: rocAuc(scored.map((s) => ({ score: s.features.leadDays, label: s.label }))),
    calibration: calibrationByDecile(scored),
    trainSec,
    trainCpuSec,
    featuresSec,
  };
}

function printReport(e: NoShowEvaluation): void {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  console.log(
    `Public no-show set: ${e.rows} appointments (${e.dropped.negativeLead} with a negative lead time dropped)`,
  );
  console.log(`Train: AppointmentDay before ${e.testFrom} — ${e.trainRows} rows`);
  console.log(
    `Test:  AppointmentDay ${e.testFrom} … ${e.testTo} — ${e.testRows} rows, ${pct(e.testNoShowRate)} no-show`,
  );
  console.log(`ROC AUC                         ${e.auc.toFixed(4)}   (target ≥ 0.73)`);
  console.log(
    `PR AUC (average precision)      ${e.prAuc.toFixed(4)}   (no-skill = ${e.testNoShowRate.toFixed(4)})`,
  );
  console.log(
    `ROC AUC, patients not in train  ${e.aucUnseenPatients.toFixed(4)}   (${e.unseenPatientRows} rows)`,
  );
  console.log(`ROC AUC, booked ≥ 1 day ahead   ${e.aucAheadOnly.toFixed(4)}`);
  console.log(`ROC AUC, lead time alone        ${e.aucLeadTimeAlone.toFixed(4)}`);
  console.log(
    `Train ${e.trainSec.toFixed(2)} s (target ≤ 20 s), ${e.trainCpuSec.toFixed(2)} s CPU; features ${e.featuresSec.toFixed(2)} s`,
  );
  console.log('Calibration by decile of predicted risk:');
  console.log('decile  rows   predicted  observed');
  for (const c of e.calibration) {
    console.log(
      `${String(c.decile).padStart(6)}  ${String(c.count).padStart(5)}  ${pct(c.meanPredicted).padStart(9)}  ${pct(c.observedRate).padStart(8)}`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!fs.existsSync(NOSHOW_CSV)) {
    console.log(
      `Skipped: ${NOSHOW_CSV} is absent (the public set lives beside the project, not in it).`,
    );
    process.exit(process.env.CI ? 1 : 0);
  }
  printReport(evaluatePublicNoShow());
}
