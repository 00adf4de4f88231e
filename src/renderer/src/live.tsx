/**
 * Live data: one subscription to change events for the whole page, and `useLiveQuery`, which loads
 * an operation's result and loads it again when a change on one of its topics arrives (or after a
 * reconnect, when changes may have been missed).
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
import {
  ApiError,
  call,
  onResync,
  subscribe,
  type ChangeEvent,
  type LiveStatus,
} from './api/client';
import type { ApiInput, ApiName, ApiOutput } from '../../core/api/types';
import { topicsOf } from '../../shared/readTopics';

type Signal = ChangeEvent | 'resync';
type Listener = (signal: Signal) => void;

interface Live {
  status: LiveStatus;
  listen(listener: Listener): () => void;
}

const LiveContext = createContext<Live>({ status: 'connecting', listen: () => () => {} });

export function LiveProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    const emit = (signal: Signal) => {
      for (const l of [...listeners.current]) l(signal);
    };
    const stopResync = onResync(() => emit('resync'));
    const stop = subscribe(emit, (next) => {
      setStatus(next);
      if (next === 'live') emit('resync');
    });
    return () => {
      stopResync();
      stop();
    };
  }, []);

  const listen = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const live = useMemo<Live>(() => ({ status, listen }), [status, listen]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext).status;
}

export interface LiveQuery<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * `input` null means "not yet" (e.g. no visit type chosen). `topics` are the change topics that
 * make this result stale, e.g. ['appointments'].
 */
export function useLiveQuery<K extends ApiName>(
  name: K,
  input: ApiInput<K> | null,
  topics: readonly string[],
): LiveQuery<ApiOutput<K>> {
  const { listen } = useContext(LiveContext);
  const [state, setState] = useState<{ data?: ApiOutput<K>; error?: ApiError; loading: boolean }>({
    loading: input !== null,
  });
  const key = input === null ? null : JSON.stringify(input);
  // The operation's own topics (src/shared/readTopics.ts) always count: busy time from calendar
  // sync refreshes the day view and first openings even where a caller forgot to name it.
  const topicKey = [...new Set([...topicsOf(name), ...topics])].join(',');
  const latest = useRef(0);

  const load = useCallback(() => {
    if (key === null) return;
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    call(name, JSON.parse(key) as ApiInput<K>).then(
      (data) => {
        if (ticket === latest.current) setState({ data, loading: false });
      },
      (err: unknown) => {
        if (ticket !== latest.current) return;
        const error =
          err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) });
        setState((s) => ({ ...s, error, loading: false }));
      },
    );
  }, [name, key]);

  useEffect(() => {
    if (key === null) {
      latest.current++;
      setState({ loading: false });
      return;
    }
    load();
  }, [key, load]);

  useEffect(() => {
    const wanted = new Set(topicKey.split(','));
    return listen((signal) => {
      if (signal === 'resync' || wanted.has(signal.topic)) load();
    });
  }, [listen, load, topicKey]);

  return { data: state.data, error: state.error, loading: state.loading, reload: load };
}
