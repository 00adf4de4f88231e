/**
 * A saved password or token belongs to the address and account it was entered for. When the
 * address changes (Twilio's API address or account, the SMTP host, port or user, the
 * clearinghouse URL or user) the sealed secret is dropped, never sent to the new address: a
 * settings screen edited by mistake, or by someone pointing it at their own server, must not
 * hand the clinic's credentials over. The person enters the secret again for the new address.
 */

/** The fields of an endpoint that differ between what was saved and what is being saved. */
export function changedEndpointFields(
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>>,
): string[] {
  if (!before) return [];
  return Object.keys(after).filter((k) => normalize(before[k]) !== normalize(after[k]));
}

function normalize(v: unknown): string {
  if (v === undefined || v === null || v === '') return '';
  return String(v).trim().replace(/\/+$/, '').toLowerCase();
}

export interface SecretAfterSave {
  /** The sealed secret to store (null: none). */
  sealed: string | null;
  /** The saved secret was dropped because the endpoint changed: it must be entered again. */
  cleared: boolean;
  /** Which endpoint fields changed (for the message and the audit row). */
  changed: string[];
}

/**
 * The sealed secret to store after a settings change. `secret`: a new one typed in (sealed
 * here), null to remove it, undefined to keep the saved one — kept only if the endpoint did not
 * change.
 */
export function secretAfterEndpointChange(input: {
  endpointBefore: Readonly<Record<string, unknown>> | null;
  endpointAfter: Readonly<Record<string, unknown>>;
  sealedBefore: string | null;
  secret: string | null | undefined;
  seal: (plain: string) => string;
}): SecretAfterSave {
  const changed = changedEndpointFields(input.endpointBefore, input.endpointAfter);
  if (input.secret === null) return { sealed: null, cleared: false, changed };
  if (input.secret !== undefined)
    return { sealed: input.seal(input.secret), cleared: false, changed };
  if (changed.length > 0 && input.sealedBefore !== null) {
    return { sealed: null, cleared: true, changed };
  }
  return { sealed: input.sealedBefore, cleared: false, changed };
}
