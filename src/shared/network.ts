/**
 * Serving the office network (a second front-desk PC): what Settings → Network shows. The host
 * that holds the data answers it; browser-safe.
 */
export interface NetworkStatus {
  /**
   * Whether this program can serve other desks: the host started with `npm run serve` / browser
   * mode can; the desktop window alone cannot (it serves no network).
   */
  available: boolean;
  /** Where this host answers now (https:// when the office network is served). */
  servingUrl: string | null;
  /** The saved choice, used from the next start: null = this PC only. */
  configured: { address: string; port: number } | null;
  /** The saved choice differs from what is being served: restart the host to apply it. */
  restartNeeded: boolean;
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
