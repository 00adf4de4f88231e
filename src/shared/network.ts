/**
 * Serving the office network (a second front-desk PC): what Settings → Network shows. The host
 * that holds the data answers it; browser-safe.
 */
export interface NetworkStatus {
  /**
   * Whether this program can serve other desks: the program that holds the data folder can (the
   * desktop app, or browser mode); a window without it (tests' hosts) cannot.
   */
  available: boolean;
  /** Where this host answers now (https:// when the office network is served); null = nowhere. */
  servingUrl: string | null;
  /** The saved choice (applied at once, and at every start): null = this PC only. */
  configured: { address: string; port: number } | null;
  /** /api answers requests that came through a reverse proxy (Forwarded, X-Forwarded-*, Via). */
  trustProxy: boolean;
  /** Why the saved choice is not being served (its address or port could not be bound at start). */
  problem: string | null;
  /** The certificate desks check once; null until the office network is first turned on. */
  certificate: {
    /** SHA-256 of the certificate, as browsers show it (AB:CD:…). */
    fingerprint256: string;
    names: string[];
    notAfter: string;
  } | null;
  /** This PC's network cards (not loopback), to choose from. */
  addresses: { name: string; address: string }[];
}
