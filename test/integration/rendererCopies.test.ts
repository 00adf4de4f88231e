/**
 * The renderer shows what the engine enforces, from one list: statuses, their steps, plan product
 * types, coverage relationships, the provider import's fields and the SMS count live in src/shared
 * and both sides import them; benefits are mapped on the server (check.officeVisit). This test
 * reads every renderer source file and fails when one defines a copy again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/core/db/schema';
import * as appointmentEntity from '../../src/core/entities/appointment';
import { IMPORT_FIELDS as CORE_IMPORT_FIELDS } from '../../src/core/matching/providerImport';
import { smsSize } from '../../src/core/reminders/templates';
import {
  APPOINTMENT_STATUSES,
  OCCUPYING_STATUSES,
  STATUS_LABELS,
  STATUS_TRANSITIONS,
} from '../../src/shared/appointments';
import { COVERAGE_RELATIONSHIPS, PLAN_PRODUCT_TYPES } from '../../src/shared/insurance';
import { IMPORT_FIELDS } from '../../src/shared/providerImportFields';
import { countSms } from '../../src/shared/sms';

const ROOT = join(__dirname, '../..');
const RENDERER = join(ROOT, 'src/renderer');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

interface Finding {
  file: string;
  line: number;
  what: string;
}

const statusSet = new Set<string>(APPOINTMENT_STATUSES);
const productSet = new Set<string>(PLAN_PRODUCT_TYPES);
const relationshipSet = new Set<string>(COVERAGE_RELATIONSHIPS);
/** Long enough that finding one in the renderer means a copied label, not a coincidence. */
const importLabels = new Set<string>(
  IMPORT_FIELDS.map((f) => f.label).filter((l) => l.length > 12),
);

const stringOf = (n: ts.Node): string | null =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : null;
const keyOf = (p: ts.ObjectLiteralElementLike): string | null =>
  ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))
    ? p.name.text
    : null;

/** What in one file looks like a copy of a shared value. */
export function copiesIn(file: string, text: string): Finding[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Finding[] = [];
  const at = (n: ts.Node, what: string) =>
    out.push({
      file: relative(ROOT, file),
      line: src.getLineAndCharacterOfPosition(n.getStart()).line + 1,
      what,
    });
  const visit = (n: ts.Node) => {
    if (ts.isArrayLiteralExpression(n)) {
      const strings = n.elements.map(stringOf).filter((s): s is string => s !== null);
      // Two statuses ('booked', 'confirmed') is a rule; three or more is a list of statuses.
      if (strings.filter((s) => statusSet.has(s)).length >= 3)
        at(n, `a list of appointment statuses [${strings.join(', ')}]`);
      if (strings.filter((s) => productSet.has(s)).length >= 3)
        at(n, `a list of plan product types [${strings.join(', ')}]`);
      const pairs = n.elements.filter(ts.isArrayLiteralExpression).map((e) => e.elements[0]);
      if (pairs.filter((e) => e && relationshipSet.has(stringOf(e) ?? '')).length >= 3)
        at(n, 'a list of coverage relationships');
    }
    if (ts.isObjectLiteralExpression(n)) {
      const labelled = n.properties.filter(
        (p) =>
          ts.isPropertyAssignment(p) &&
          statusSet.has(keyOf(p) ?? '') &&
          // Words a person reads ("Booked", "No-show"), not a style token ('success', 'info').
          /^[A-Z]/.test(stringOf(p.initializer) ?? ''),
      );
      if (labelled.length >= 3) at(n, 'words for appointment statuses (a copy of STATUS_LABELS)');
      const flow = n.properties.filter(
        (p) =>
          ts.isPropertyAssignment(p) &&
          statusSet.has(keyOf(p) ?? '') &&
          ts.isArrayLiteralExpression(p.initializer),
      );
      if (flow.length >= 3) at(n, 'status steps (a copy of STATUS_TRANSITIONS)');
    }
    const s = stringOf(n);
    if (s !== null) {
      if (importLabels.has(s)) at(n, `the import field label "${s}"`);
      if (s.includes('ΦΓΛΩΠΨΣΘΞ')) at(n, 'the GSM-7 character table');
      if (s === 'eligibility/parse271') at(n, 'a re-parse of raw X12 (eligibility/parse271)');
    }
    if (ts.isImportDeclaration(n)) {
      const from = stringOf(n.moduleSpecifier) ?? '';
      if (/core\/eligibility\/(parse271|tokenizer|segments|envelope)/.test(from))
        at(n, `an import of the X12 reader (${from})`);
    }
    if (ts.isFunctionDeclaration(n) && n.name?.text === 'officeVisitFigures')
      at(n, 'its own benefit-line mapping (officeVisitFigures)');
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

describe('the renderer defines no copy of a shared value', () => {
  const files = sourceFiles(RENDERER);

  it('finds the renderer sources', () => expect(files.length).toBeGreaterThan(50));

  it('has no status list, product-type list, import label, SMS table or X12 re-parse', () => {
    const found = files.flatMap((f) => copiesIn(f, readFileSync(f, 'utf8')));
    expect(found.map((f) => `${f.file}:${f.line} ${f.what}`)).toEqual([]);
  });

  it('would catch each kind of copy (the scanner is not blind)', () => {
    const planted = `
      const ON_THE_BOOKS = ['booked', 'confirmed', 'arrived', 'in_room'];
      const LABELS = { booked: 'Booked', confirmed: 'Confirmed', no_show: 'No-show' };
      const STEPS = { booked: ['confirmed'], confirmed: ['booked'], arrived: [] };
      const TYPES = ['HMO', 'PPO', 'POS'];
      const REL = [['self', 'Self'], ['spouse', 'Spouse'], ['child', 'Child']];
      const F = 'Entity type (1 individual, 2 organization)';
      const GSM = '@£$¥èéùìòÇ\\nØø\\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ';
      import { parse271 } from '../../../core/eligibility/parse271';
      call('eligibility/parse271', { x12 });
      function officeVisitFigures() {}
    `;
    const kinds = copiesIn('planted.tsx', planted).map(
      (f) => f.what.split(' (')[0]!.split(' [')[0],
    );
    expect(kinds).toEqual([
      'a list of appointment statuses',
      'words for appointment statuses',
      'status steps',
      'a list of plan product types',
      'a list of coverage relationships',
      'the import field label "Entity type',
      'the GSM-7 character table',
      'an import of the X12 reader',
      'a re-parse of raw X12',
      'its own benefit-line mapping',
    ]);
  });

  it('imports the shared modules where it shows those values', () => {
    const uses = (path: string, module: string) =>
      readFileSync(join(RENDERER, 'src', path), 'utf8').includes(`shared/${module}'`);
    expect(uses('appointment/AppointmentPanel.tsx', 'appointments')).toBe(true);
    expect(uses('directory/PayerPlanDialog.tsx', 'insurance')).toBe(true);
    expect(uses('patients/CoverageEditor.tsx', 'insurance')).toBe(true);
    expect(uses('directory/ImportMappingStep.tsx', 'providerImportFields')).toBe(true);
    expect(uses('reminders/BulkMessageDialog.tsx', 'sms')).toBe(true);
  });
});

describe('core and renderer read the same values', () => {
  it('the database checks the statuses, product types and relationships the desk offers', () => {
    expect(schema.APPOINTMENT_STATUSES).toBe(APPOINTMENT_STATUSES);
    expect(schema.PLAN_PRODUCT_TYPES).toBe(PLAN_PRODUCT_TYPES);
    expect(schema.COVERAGE_RELATIONSHIPS).toBe(COVERAGE_RELATIONSHIPS);
  });

  it('the engine refuses exactly the status steps the desk does not offer', () => {
    expect(appointmentEntity.STATUS_TRANSITIONS).toBe(STATUS_TRANSITIONS);
    expect(appointmentEntity.OCCUPYING_STATUSES).toBe(OCCUPYING_STATUSES);
    // Its messages use the desk's words, lower-cased inside a sentence.
    for (const s of APPOINTMENT_STATUSES)
      expect(appointmentEntity.STATUS_LABELS[s]).toBe(STATUS_LABELS[s].toLowerCase());
  });

  it('the import checks the fields the mapping screen lists', () => {
    expect(CORE_IMPORT_FIELDS).toBe(IMPORT_FIELDS);
  });

  it('the engine counts a text as the message box does', () => {
    for (const text of ['a'.repeat(161), 'We’re closed', '€'.repeat(81), '😀 hi'])
      expect(smsSize(text)).toEqual({
        encoding: countSms(text).encoding,
        units: countSms(text).units,
        segments: countSms(text).segments,
      });
  });
});
