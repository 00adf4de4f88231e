import { describe, expect, it } from 'vitest';
import { rankVisitTypes } from './visitTypeSearch';

const names = (list: { name: string }[]) => list.map((v) => v.name);

const CLINIC = [
  { name: 'Cardiology Follow-up', useCount: 40 },
  { name: 'Follow-up Visit', useCount: 12 },
  { name: 'Annual Physical', useCount: 30 },
  { name: 'New Patient Visit', useCount: 8 },
  { name: 'Telehealth follow-up', useCount: 3 },
  { name: 'Flu Shot', useCount: 50 },
];

describe('rankVisitTypes', () => {
  it('"fol" picks Follow-up Visit (name starts with it) over Cardiology Follow-up, however used', () => {
    const ranked = rankVisitTypes(CLINIC, 'fol');
    expect(ranked[0]!.name).toBe('Follow-up Visit');
    expect(names(ranked)).toEqual([
      'Follow-up Visit',
      'Cardiology Follow-up',
      'Telehealth follow-up',
    ]);
  });

  it('a whole word beats the start of a word', () => {
    const types = [{ name: 'Visitor pass' }, { name: 'Sick visit' }];
    expect(names(rankVisitTypes(types, 'visit'))).toEqual(['Sick visit', 'Visitor pass']);
  });

  it('the start of a word beats a match inside a word', () => {
    const types = [{ name: 'Consult' }, { name: 'Sultan check' }];
    expect(names(rankVisitTypes(types, 'sul'))).toEqual(['Sultan check', 'Consult']);
  });

  it('among equal matches, the type this clinic books most comes first, then A–Z', () => {
    expect(names(rankVisitTypes(CLINIC, 'visit'))).toEqual([
      'Follow-up Visit',
      'New Patient Visit',
    ]);
    const tie = [{ name: 'B visit' }, { name: 'a visit' }, { name: 'C visit', useCount: 1 }];
    expect(names(rankVisitTypes(tie, 'visit'))).toEqual(['C visit', 'a visit', 'B visit']);
  });

  it('matches several typed words and ignores punctuation', () => {
    expect(names(rankVisitTypes(CLINIC, 'follow up'))[0]).toBe('Follow-up Visit');
    expect(names(rankVisitTypes(CLINIC, 'fu vis'))).toEqual([]);
    expect(names(rankVisitTypes(CLINIC, 'fol vis'))).toEqual(['Follow-up Visit']);
    expect(names(rankVisitTypes(CLINIC, 'card fol'))).toEqual(['Cardiology Follow-up']);
  });

  it('leaves out what does not match, keeps all when nothing is typed (most used first)', () => {
    expect(rankVisitTypes(CLINIC, 'xyz')).toEqual([]);
    expect(names(rankVisitTypes(CLINIC, '  '))).toEqual([
      'Flu Shot',
      'Cardiology Follow-up',
      'Annual Physical',
      'Follow-up Visit',
      'New Patient Visit',
      'Telehealth follow-up',
    ]);
  });

  it('does not change its input', () => {
    const copy = CLINIC.map((v) => ({ ...v }));
    rankVisitTypes(CLINIC, 'fol');
    expect(CLINIC).toEqual(copy);
  });
});
