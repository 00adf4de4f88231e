/**
 * auth.loginMs: one sign-in through the dispatcher at the shipped scrypt parameters (N=2^17, r=8,
 * p=1): verify the hash, reset counters, write the session and its audit row (target ≤ 500 ms).
 * The median of 7 sign-ins after one warm-up. `npx tsx bench/auth.ts` prints it; bench/run.ts
 * calls benchSignIn() under `--only auth`.
 */
import { fileURLToPath } from 'node:url';

export async function benchSignIn(): Promise<{ loginMs: number }> {
  const { openTestApi } = await import('../test/helpers/tinyClinic');
  const t = openTestApi();
  try {
    let token: string | null = null;
    const carrier = {
      get token() {
        return token;
      },
      establish(next: string) {
        token = next;
      },
      clear() {
        token = null;
      },
    };
    const caller = {
      actor: '',
      origin: 'bench',
      workstation: 'bench',
      clock: Date.now,
      session: carrier,
    };
    const env = { db: t.db };
    const password = 'quiet lantern harbor 42';
    const made = await t.registry.dispatch(
      'auth/createFirstAdmin',
      { username: 'admin', displayName: 'Bench Admin', password },
      caller,
      env,
    );
    if (!made.ok) throw new Error(made.error.message);
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      const start = performance.now();
      const r = await t.registry.dispatch(
        'auth/signIn',
        { username: 'admin', password },
        caller,
        env,
      );
      if (!r.ok) throw new Error(r.error.message);
      if (i > 0) times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { loginMs: times[Math.floor(times.length / 2)]! };
  } finally {
    t.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchSignIn();
  console.log(`auth.loginMs ${r.loginMs.toFixed(1)} ms (target ≤ 500 ms)`);
}
