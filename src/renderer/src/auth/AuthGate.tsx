/**
 * The sign-in gate around the whole desk: first start creates the administrator, then nothing
 * shows until someone signs in. While signed in it watches for the person at the desk (keys,
 * pointer, wheel) and locks the screen after the clinic's idle minutes; the desk stays mounted
 * under the lock, so the screen is exactly as it was once the person unlocks with their password
 * or PIN. A call refused as LOCKED or UNAUTHENTICATED anywhere brings up the lock or the sign-in
 * page (api/client.ts `onSessionProblem`). The server decides all of this anyway: the gate only
 * keeps the screen in step with it.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { Box, CircularProgress } from '@mui/material';
import { ApiError, call, onSessionProblem, requestResync } from '../api/client';
import type { ApiOutput } from '../../../core/api/types';
import { roleAllows, type Permission, type SignedInUser } from '../../../shared/permissions';
import { ChangePasswordForm, FirstAdminForm, SignInForm } from './forms';
import { LockScreen } from './LockScreen';

type Status = ApiOutput<'auth/status'>;

export interface Auth {
  user: SignedInUser | null;
  breakGlass: boolean;
  hasPin: boolean;
  /** Whether the signed-in role may do this (the server refuses it anyway). */
  may(permission: Permission): boolean;
  lock(): Promise<void>;
  signOut(): Promise<void>;
  /** Shows the sign-in form over the desk; the new person's desk replaces this one. */
  switchUser(): void;
  refresh(): Promise<void>;
}

/** Outside the gate (component tests) every screen shows, as before sign-in existed. */
const AuthContext = createContext<Auth>({
  user: null,
  breakGlass: false,
  hasPin: false,
  may: () => true,
  lock: async () => {},
  signOut: async () => {},
  switchUser: () => {},
  refresh: async () => {},
});

export function useAuth(): Auth {
  return useContext(AuthContext);
}

/** What counts as the person being at the desk. */
const ACTIVITY = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
/** How often the idle clock is checked, and how often activity is reported to the server. */
const CHECK_MS = 5_000;
const HEARTBEAT_MS = 60_000;

export function AuthGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Why the person is looking at the sign-in page (signed out, time limit, deactivated). */
  const [notice, setNotice] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setStatus(await call('auth/status', {}));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      onSessionProblem((problem) => {
        if (problem.code === 'LOCKED') {
          setStatus((s) => (s && s.user ? { ...s, locked: true } : s));
        } else {
          setNotice(problem.message);
          void refresh();
        }
      }),
    [refresh],
  );

  const signedIn = status?.user != null;
  const locked = status?.locked === true;
  const idleMs = (status?.idleLockMinutes ?? 10) * 60_000;

  // The idle clock runs on the page's monotonic time: a PC's clock change cannot unlock a desk.
  const lastActivity = useRef(performance.now());
  const lastBeat = useRef(performance.now());
  const locking = useRef(false);
  const lock = useCallback(async () => {
    if (locking.current) return;
    locking.current = true;
    try {
      await call('auth/lock', {});
    } catch {
      // Locked on screen regardless: the server refuses this desk's calls once it is idle.
    } finally {
      locking.current = false;
    }
    setStatus((s) => (s ? { ...s, locked: true } : s));
  }, []);

  useEffect(() => {
    if (!signedIn || locked) return;
    lastActivity.current = performance.now();
    const onActivity = () => {
      const now = performance.now();
      lastActivity.current = now;
      if (now - lastBeat.current >= HEARTBEAT_MS) {
        lastBeat.current = now;
        call('auth/heartbeat', {}).catch(() => {});
      }
    };
    for (const e of ACTIVITY)
      window.addEventListener(e, onActivity, { capture: true, passive: true });
    const timer = setInterval(() => {
      if (performance.now() - lastActivity.current >= idleMs) void lock();
    }, CHECK_MS);
    // The server may have ended or locked the session meanwhile (another desk, the time limit).
    const poll = setInterval(() => void refresh(), HEARTBEAT_MS);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, onActivity, { capture: true });
      clearInterval(timer);
      clearInterval(poll);
    };
  }, [signedIn, locked, idleMs, lock, refresh]);

  const signOut = useCallback(async () => {
    try {
      await call('auth/signOut', {});
    } finally {
      setSwitching(false);
      setNotice(null);
      await refresh();
    }
  }, [refresh]);

  const auth = useMemo<Auth>(
    () => ({
      user: status?.user ?? null,
      breakGlass: status?.breakGlass ?? false,
      hasPin: status?.hasPin ?? false,
      may: (p) => (status?.user ? roleAllows(status.user.role, p) : false),
      lock,
      signOut,
      switchUser: () => setSwitching(true),
      refresh,
    }),
    [status, lock, signOut, refresh],
  );

  const signedInAgain = async () => {
    setNotice(null);
    setSwitching(false);
    await refresh();
  };

  if (!status) {
    return (
      <Box sx={{ display: 'flex', justifyContent: 'center', p: 6 }}>
        {error ? <Box role="alert">{error}</Box> : <CircularProgress aria-label="Loading" />}
      </Box>
    );
  }
  if (status.firstAdminNeeded) return <FirstAdminForm onDone={signedInAgain} />;
  if (!status.user) return <SignInForm notice={notice} onDone={signedInAgain} />;
  if (status.mustChangePassword)
    return (
      <ChangePasswordForm
        forced
        user={status.user}
        onDone={() => void refresh()}
        onCancel={() => void signOut()}
      />
    );
  return (
    <AuthContext.Provider value={auth}>
      {/* The desk stays mounted under the lock (its screen is kept), hidden and unreachable. */}
      <Box key={status.user.id} inert={locked || switching} aria-hidden={locked || switching}>
        {children}
      </Box>
      {locked && !switching && (
        <LockScreen
          user={status.user}
          hasPin={status.hasPin}
          onUnlocked={() => {
            setStatus((s) => (s ? { ...s, locked: false } : s));
            requestResync();
          }}
          onSignedOut={() => void refresh()}
          onSwitchUser={() => setSwitching(true)}
        />
      )}
      {switching && (
        <SignInForm
          overlay
          title="Switch user"
          notice={`${status.user.displayName} is signed in on this desk. Sign in as someone else, or cancel.`}
          onDone={signedInAgain}
          onCancel={() => setSwitching(false)}
        />
      )}
    </AuthContext.Provider>
  );
}
