/**
 * Live data: one query cache (TanStack Query) for the whole page, keyed by operation and input,
 * and one subscription to change events that marks stale every cached read whose topics
 * (src/shared/readTopics.ts) the change touches. `useLiveQuery` reads through that cache, so
 * two screens asking for `providers/list` share one request and one answer, and a booking made at
 * another desk reloads exactly the views that show appointments.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import {
  QueryClient,
  QueryClientProvider,
  keepPreviousData,
  useQuery,
  useQueryClient,
  type Query,
} from '@tanstack/react-query';
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

const StatusContext = createContext<LiveStatus>('connecting');

/** What a cached read carries besides its key: the extra topics its callers named. */
interface LiveMeta extends Record<string, unknown> {
  topics?: readonly string[];
}

/**
 * A cache tuned for push invalidation: answers stay fresh until a change event says otherwise
 * (no polling, no refetch on focus), and a refused read is shown at once rather than retried,
 * since the engine's errors are answers a receptionist acts on, not transient failures.
 */
export function createLiveQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        gcTime: 5 * 60_000,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
    },
  });
}

/** The topics that make a cached read stale: its operation's own plus any its callers named. */
function topicsOfQuery(query: Query): Set<string> {
  const [name] = query.queryKey as [string, unknown];
  const topics = new Set<string>(topicsOf(name));
  const extra = (meta: unknown) => {
    for (const t of (meta as LiveMeta | undefined)?.topics ?? []) topics.add(t);
  };
  extra(query.meta);
  for (const observer of query.observers) extra(observer.options.meta);
  return topics;
}

/**
 * Marks stale every cached read that `topics` touch; the ones on screen reload now, the others
 * when a screen shows them again.
 */
export function invalidateTopics(client: QueryClient, topics: Iterable<string>): Promise<void> {
  const changed = new Set(topics);
  return client.invalidateQueries({
    predicate: (query) => {
      for (const t of topicsOfQuery(query)) if (changed.has(t)) return true;
      return false;
    },
  });
}

export function LiveProvider(props: { children: ReactNode; client?: QueryClient }) {
  const [client] = useState(() => props.client ?? createLiveQueryClient());
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(
    () =>
      subscribe(
        (event: ChangeEvent) => void invalidateTopics(client, [event.topic]),
        (next) => {
          setStatus(next);
          // Back after a drop: changes may have been missed, so everything is suspect.
          if (next === 'live') void client.invalidateQueries();
        },
      ),
    [client],
  );
  // After an unlock: what changed while the screen was locked was refused to it; load it again.
  useEffect(() => onResync(() => void client.invalidateQueries()), [client]);

  return (
    <QueryClientProvider client={client}>
      <StatusContext.Provider value={status}>{props.children}</StatusContext.Provider>
    </QueryClientProvider>
  );
}

export function useLiveStatus(): LiveStatus {
  return useContext(StatusContext);
}

export interface LiveQuery<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) });
}

/** The cache key of one read: the operation and its input, compared by value. */
export function liveQueryKey(name: ApiName, input: unknown): readonly unknown[] {
  return [name, input];
}

/**
 * `input` null means "not yet" (e.g. no visit type chosen). `topics` are change topics beyond the
 * operation's own (src/shared/readTopics.ts) that make this result stale; those always count, so
 * busy time from calendar sync refreshes the day view even where a caller forgot to name it.
 *
 * While a new input loads, the previous input's answer stays shown (a calendar moving to the next
 * day does not flash empty); `loading` is true whenever a request is in flight.
 */
export function useLiveQuery<K extends ApiName>(
  name: K,
  input: ApiInput<K> | null,
  topics: readonly string[] = [],
): LiveQuery<ApiOutput<K>> {
  const enabled = input !== null;
  const query = useQuery({
    queryKey: liveQueryKey(name, input),
    queryFn: () => call(name, input as ApiInput<K>),
    enabled,
    placeholderData: keepPreviousData,
    meta: { topics } satisfies LiveMeta,
  });
  const { refetch } = query;
  const reload = useCallback(() => {
    if (enabled) void refetch();
  }, [refetch, enabled]);
  if (!enabled) return { data: undefined, error: undefined, loading: false, reload };
  return {
    data: query.data,
    error: query.error ? asApiError(query.error) : undefined,
    loading: query.isFetching,
    reload,
  };
}

/**
 * Reload the named reads now, wherever they are shown: after a booking was refused because the
 * slot was taken, the openings lists must not offer it again.
 */
export function useReloadReads(): (names: readonly ApiName[]) => void {
  const client = useQueryClient();
  return useCallback(
    (names) => {
      for (const name of names) void client.invalidateQueries({ queryKey: [name] });
    },
    [client],
  );
}
