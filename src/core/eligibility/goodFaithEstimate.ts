/**
 * Good Faith Estimate for uninsured and self-pay patients (No Surprises Act, 45 CFR 149.610).
 * `goodFaithEstimate` assembles and checks the content the rule requires; `renderGoodFaithEstimateHtml`
 * prints it. Diagnosis codes are required only "if applicable" and ClinicDesk keeps no diagnosis
 * at the front desk, so none are listed.
 */
import { invalidInput } from './errors';
import { isValidNpi } from './build270';
import { money } from './estimate';

export interface GfeItemInput {
  /** Clear words: "Office visit, new patient, about 30 minutes". */
  description: string;
  /** CPT or HCPCS code. */
  serviceCode: string;
  quantity?: number;
  /** Expected charge per unit, dollars. */
  unitCharge: number;
}

export interface GfeProviderInput {
  name: string;
  npi: string;
  /** Taxpayer identification number, 9 digits (dashes allowed). */
  tin: string;
  location: {
    name?: string | null;
    line1: string;
    line2?: string | null;
    city: string;
    state: string;
    postalCode: string;
  };
  items: GfeItemInput[];
}

export interface GoodFaithEstimateInput {
  /** The day it is given to the patient, YYYY-MM-DD (the caller's "today" in the clinic zone). */
  issuedOn: string;
  patient: { firstName: string; lastName: string; dateOfBirth: string };
  primaryService: { description: string; scheduledDate: string | null };
  /** Expected date(s) of service; `to` equals `from` for one day. */
  serviceDates: { from: string; to: string } | null;
  providers: GfeProviderInput[];
  /** Services the patient will need but that are scheduled separately (149.610(c)(1)(vi)). */
  separatelyScheduled?: string[];
  /** Who to call with questions. */
  contact: { name: string; phone: string };
}

export interface GoodFaithEstimate {
  title: string;
  issuedOn: string;
  patient: { name: string; dateOfBirth: string };
  primaryService: { description: string; scheduledDate: string | null };
  serviceDates: { from: string; to: string } | null;
  providers: Array<{
    name: string;
    npi: string;
    tin: string;
    location: string;
    state: string;
    items: Array<{
      description: string;
      serviceCode: string;
      quantity: number;
      unitCharge: number;
      expectedCharge: number;
    }>;
    subtotal: number;
  }>;
  totalExpectedCharges: number;
  diagnosisCodes: string[];
  separatelyScheduled: string[];
  contact: { name: string; phone: string };
  disclaimers: {
    estimateOnly: string;
    additionalItems: string;
    disputeRight: string;
    disputeInformation: string;
    notAContract: string;
    keepCopy: string;
  };
}

export const DISPUTE_INFO_URL = 'https://www.cms.gov/nosurprises';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function required(field: string, value: string | null | undefined, max = 200): string {
  const v = (value ?? '').trim();
  if (v === '') throw invalidInput(field, `${field} is required on a Good Faith Estimate.`);
  if (v.length > max)
    throw invalidInput(field, `${field} is too long (at most ${max} characters).`);
  return v;
}

function date(field: string, value: string | null | undefined): string {
  const v = required(field, value);
  if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw invalidInput(field, `${field} must be a date written YYYY-MM-DD.`);
  }
  return v;
}

const cents = (dollars: number) => Math.round(dollars * 100);

function provider(p: GfeProviderInput, i: number): GoodFaithEstimate['providers'][number] {
  const f = `providers.${i}`;
  const npi = required(`${f}.npi`, p.npi, 10);
  if (!isValidNpi(npi)) throw invalidInput(`${f}.npi`, `${f}.npi "${npi}" is not a valid NPI.`);
  const tin = required(`${f}.tin`, p.tin, 11).replace(/-/g, '');
  if (!/^\d{9}$/.test(tin)) throw invalidInput(`${f}.tin`, `${f}.tin must be 9 digits.`);
  if (!Array.isArray(p.items) || p.items.length === 0) {
    throw invalidInput(`${f}.items`, `${f}.items must list at least one item or service.`);
  }
  const items = p.items.map((item, j) => {
    const g = `${f}.items.${j}`;
    const quantity = item.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1)
      throw invalidInput(`${g}.quantity`, `${g}.quantity must be a whole number, 1 or more.`);
    if (!Number.isFinite(item.unitCharge) || item.unitCharge < 0) {
      throw invalidInput(`${g}.unitCharge`, `${g}.unitCharge must be dollars, 0 or more.`);
    }
    const unit = cents(item.unitCharge);
    return {
      description: required(`${g}.description`, item.description),
      serviceCode: required(`${g}.serviceCode`, item.serviceCode, 7).toUpperCase(),
      quantity,
      unitCharge: unit / 100,
      expectedCharge: (unit * quantity) / 100,
    };
  });
  const l = p.location;
  const state = required(`${f}.location.state`, l?.state, 2).toUpperCase();
  const street = [l.name, required(`${f}.location.line1`, l.line1), l.line2]
    .filter((x) => x && x.trim())
    .join(', ');
  return {
    name: required(`${f}.name`, p.name),
    npi,
    tin: `${tin.slice(0, 2)}-${tin.slice(2)}`,
    location: `${street}, ${required(`${f}.location.city`, l.city)}, ${state} ${required(`${f}.location.postalCode`, l.postalCode, 10)}`,
    state,
    items,
    subtotal: items.reduce((sum, it) => sum + cents(it.expectedCharge), 0) / 100,
  };
}

export function goodFaithEstimate(input: GoodFaithEstimateInput): GoodFaithEstimate {
  const issuedOn = date('issuedOn', input.issuedOn);
  const providers = (input.providers ?? []).map(provider);
  if (providers.length === 0)
    throw invalidInput('providers', 'A Good Faith Estimate needs at least one provider.');
  const dates = input.serviceDates
    ? {
        from: date('serviceDates.from', input.serviceDates.from),
        to: date('serviceDates.to', input.serviceDates.to),
      }
    : null;
  if (dates && dates.to < dates.from)
    throw invalidInput('serviceDates.to', 'serviceDates.to is before serviceDates.from.');
  return {
    title: 'Good Faith Estimate',
    issuedOn,
    patient: {
      name: `${required('patient.firstName', input.patient?.firstName)} ${required('patient.lastName', input.patient?.lastName)}`,
      dateOfBirth: date('patient.dateOfBirth', input.patient?.dateOfBirth),
    },
    primaryService: {
      description: required('primaryService.description', input.primaryService?.description, 500),
      scheduledDate: input.primaryService?.scheduledDate
        ? date('primaryService.scheduledDate', input.primaryService.scheduledDate)
        : null,
    },
    serviceDates: dates,
    providers,
    totalExpectedCharges: providers.reduce((sum, p) => sum + cents(p.subtotal), 0) / 100,
    diagnosisCodes: [],
    separatelyScheduled: (input.separatelyScheduled ?? []).map((s, i) =>
      required(`separatelyScheduled.${i}`, s, 500),
    ),
    contact: {
      name: required('contact.name', input.contact?.name),
      phone: required('contact.phone', input.contact?.phone, 30),
    },
    disclaimers: {
      estimateOnly:
        'This Good Faith Estimate shows the costs of items and services that are reasonably expected for your health care needs for an item or service. The estimate is based on information known at the time the estimate was created. It is only an estimate: actual items, services, or charges may differ.',
      additionalItems:
        'There may be additional items or services the provider recommends as part of your care that must be scheduled or requested separately and are not reflected in this Good Faith Estimate.',
      disputeRight:
        'If you are billed for more than this Good Faith Estimate, you have the right to dispute the bill. You may contact the health care provider or facility listed to let them know the billed charges are higher than the Good Faith Estimate, ask them to update the bill to match it, ask to negotiate the bill, or ask if there is financial assistance available. You may also start a dispute resolution process with the U.S. Department of Health and Human Services (HHS) if your actual billed charges are $400 or more above this Good Faith Estimate for any provider or facility. If you choose to use the dispute process, you must start it within 120 calendar days (about 4 months) of the date on the original bill. There is a $25 fee to use the dispute process.',
      disputeInformation: `For questions or more information about your right to a Good Faith Estimate or the dispute process, visit ${DISPUTE_INFO_URL} or call 1-800-985-3059.`,
      notAContract:
        'This Good Faith Estimate is not a contract and does not require you to obtain the items or services from any of the providers or facilities identified in it.',
      keepCopy:
        'Keep a copy of this Good Faith Estimate in a safe place or take pictures of it. You may need it if you are billed a higher amount.',
    },
  };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (value: string | number): string =>
  String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A plain, printable HTML document. Every value passes through escapeHtml. */
export function renderGoodFaithEstimateHtml(gfe: GoodFaithEstimate): string {
  const e = escapeHtml;
  const usd = (dollars: number) => e(money(cents(dollars)));
  const dates = gfe.serviceDates
    ? gfe.serviceDates.from === gfe.serviceDates.to
      ? e(gfe.serviceDates.from)
      : `${e(gfe.serviceDates.from)} to ${e(gfe.serviceDates.to)}`
    : 'to be scheduled';
  const providers = gfe.providers
    .map(
      (p) => `<section class="provider">
<h2>${e(p.name)}</h2>
<p>NPI ${e(p.npi)} · TIN ${e(p.tin)}<br>${e(p.location)}</p>
<table>
<thead><tr><th>Service</th><th>Code</th><th>Quantity</th><th>Expected charge</th></tr></thead>
<tbody>
${p.items.map((it) => `<tr><td>${e(it.description)}</td><td>${e(it.serviceCode)}</td><td>${e(it.quantity)}</td><td class="money">${usd(it.expectedCharge)}</td></tr>`).join('\n')}
</tbody>
<tfoot><tr><th colspan="3">Subtotal</th><td class="money">${usd(p.subtotal)}</td></tr></tfoot>
</table>
</section>`,
    )
    .join('\n');
  const separately = gfe.separatelyScheduled.length
    ? `<h2>Services scheduled separately</h2><ul>${gfe.separatelyScheduled.map((s) => `<li>${e(s)}</li>`).join('')}</ul>`
    : '';
  const d = gfe.disclaimers;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${e(gfe.title)} — ${e(gfe.patient.name)}</title>
<style>
body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em; color: #000; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
th, td { border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; }
.money { text-align: right; white-space: nowrap; }
.total { font-size: 13pt; font-weight: bold; }
.notice { border: 1px solid #000; padding: 0.5em 1em; margin-top: 1em; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${e(gfe.title)}</h1>
<p>Issued ${e(gfe.issuedOn)}</p>
<p><strong>Patient:</strong> ${e(gfe.patient.name)}, born ${e(gfe.patient.dateOfBirth)}</p>
<p><strong>Primary service:</strong> ${e(gfe.primaryService.description)}${gfe.primaryService.scheduledDate ? `, scheduled for ${e(gfe.primaryService.scheduledDate)}` : ''}</p>
<p><strong>Date(s) of service:</strong> ${dates}</p>
${providers}
<p class="total">Total expected charges: ${usd(gfe.totalExpectedCharges)}</p>
${separately}
<div class="notice">
<p>${e(d.estimateOnly)}</p>
<p>${e(d.additionalItems)}</p>
<p>${e(d.disputeRight)}</p>
<p>${e(d.disputeInformation)}</p>
<p>${e(d.notAContract)}</p>
<p>${e(d.keepCopy)}</p>
</div>
<p>Questions: ${e(gfe.contact.name)}, ${e(gfe.contact.phone)}</p>
</body>
</html>
`;
}
