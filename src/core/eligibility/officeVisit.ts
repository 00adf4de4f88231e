/**
 * What the desk reads out to a caller: the in-network office-visit figures of one answer. Mapped
 * here, once, on the server; the check view carries the result (`officeVisit`) and the renderer
 * only shows it. Pure.
 */

/** One benefit line of a check view (a 271 EB line, flattened). */
export interface BenefitLine {
  network: 'in' | 'out' | 'not_applicable' | 'unknown';
  coverageLevel: string | null;
  serviceType: string;
  serviceTypeName: string;
  copay: number | null;
  coinsurance: number | null;
  deductibleTotal: number | null;
  deductibleRemaining: number | null;
  outOfPocketTotal: number | null;
  outOfPocketRemaining: number | null;
  priorAuthorizationRequired: boolean | null;
}

export interface OfficeVisitFigures {
  copay: number | null;
  coinsurance: number | null;
  deductibleTotal: number | null;
  deductibleRemaining: number | null;
  outOfPocketTotal: number | null;
  outOfPocketRemaining: number | null;
  priorAuthorizationRequired: boolean | null;
  /** The service type the copay was read from ("Professional (Physician) Visit - Office"). */
  copayFrom: string | null;
}

/** Office visit first, then the plan in general (30): payers put the copay under 98 and the deductible under 30. */
const SERVICE_ORDER = ['98', '30'];
/** In network, then "not applicable" (EB12 W: same either way), then "not stated". */
const IN_NETWORK: readonly BenefitLine['network'][] = ['in', 'not_applicable', 'unknown'];
/** The patient's own figures before the family's: a $6,000 family deductible is not what one visit meets. */
const LEVEL_ORDER: readonly (string | null)[] = ['individual', null, 'employee'];
const levelRank = (l: string | null) => {
  const i = LEVEL_ORDER.indexOf(l);
  return i < 0 ? LEVEL_ORDER.length : i;
};

/**
 * The in-network office-visit figures, field by field: each field from the first line that has
 * it, office visit (98) before the plan in general (30), in network before "not applicable".
 * A payer answering Aetna-style sends "EB*B**98…*20" and "EB*C**30…*1500" on separate lines;
 * the card shows both.
 */
export function officeVisitFigures(lines: readonly BenefitLine[]): OfficeVisitFigures {
  const ordered = lines
    .filter((b) => SERVICE_ORDER.includes(b.serviceType) && IN_NETWORK.includes(b.network))
    .sort(
      (a, b) =>
        SERVICE_ORDER.indexOf(a.serviceType) - SERVICE_ORDER.indexOf(b.serviceType) ||
        IN_NETWORK.indexOf(a.network) - IN_NETWORK.indexOf(b.network) ||
        levelRank(a.coverageLevel) - levelRank(b.coverageLevel),
    );
  const first = <K extends keyof BenefitLine>(key: K) =>
    ordered.find((b) => b[key] !== null && b[key] !== undefined);
  const copayLine = first('copay');
  return {
    copay: copayLine?.copay ?? null,
    coinsurance: first('coinsurance')?.coinsurance ?? null,
    deductibleTotal: first('deductibleTotal')?.deductibleTotal ?? null,
    deductibleRemaining: first('deductibleRemaining')?.deductibleRemaining ?? null,
    outOfPocketTotal: first('outOfPocketTotal')?.outOfPocketTotal ?? null,
    outOfPocketRemaining: first('outOfPocketRemaining')?.outOfPocketRemaining ?? null,
    priorAuthorizationRequired: ordered.some((b) => b.priorAuthorizationRequired === true)
      ? true
      : (first('priorAuthorizationRequired')?.priorAuthorizationRequired ?? null),
    copayFrom: copayLine?.serviceTypeName ?? null,
  };
}
