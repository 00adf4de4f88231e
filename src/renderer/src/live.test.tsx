// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { LiveProvider, createLiveQueryClient, useLiveQuery, useReloadReads } from './live';
import { installFakeBridge, type FakeBridge } from './testing/fakeBridge';

let bridge: FakeBridge | undefined;
afterEach(() => {
  cleanup();
  bridge?.uninstall();
});

/** Answers that change with every call, so a reload shows on screen. */
function counting() {
  let providers = 0;
  let views = 0;
  return {
    'providers/list': () => [{ id: ++providers, displayName: `Dr ${providers}` }],
    'calendar/view': (input: unknown) => ({
      date: (input as { from: string }).from,
      version: ++views,
    }),
  };
}

function ProviderNames(props: { label: string }) {
  const q = useLiveQuery('providers/list', {}, ['providers']);
  return (
    <p aria-label={props.label}>{q.data?.map((p) => p.displayName).join(', ') ?? 'loading'}</p>
  );
}

function DayProbe(props: { date: string | null }) {
  const q = useLiveQuery('calendar/view', props.date ? { from: props.date } : null);
  const data = q.data as unknown as { date: string; version: number } | undefined;
  return <p aria-label="day">{data ? `${data.date} v${data.version}` : 'none'}</p>;
}

function renderLive(ui: React.ReactNode) {
  return render(<LiveProvider client={createLiveQueryClient()}>{ui}</LiveProvider>);
}

describe('the live query cache', () => {
  it('fetches providers/list once for every component that shows it', async () => {
    bridge = installFakeBridge(counting());
    renderLive(
      <>
        <ProviderNames label="rail" />
        <ProviderNames label="picker" />
        <ProviderNames label="directory" />
      </>,
    );
    await waitFor(() => expect(screen.getByLabelText('rail').textContent).toBe('Dr 1'));
    expect(screen.getByLabelText('picker').textContent).toBe('Dr 1');
    expect(screen.getByLabelText('directory').textContent).toBe('Dr 1');
    expect(bridge.callsTo('providers/list')).toBe(1);
  });

  it('reloads exactly the reads a change topic touches', async () => {
    bridge = installFakeBridge(counting());
    renderLive(
      <>
        <ProviderNames label="rail" />
        <DayProbe date="2026-03-02" />
      </>,
    );
    await waitFor(() => expect(screen.getByLabelText('day').textContent).toBe('2026-03-02 v1'));
    await waitFor(() => expect(screen.getByLabelText('rail').textContent).toBe('Dr 1'));

    // A booking elsewhere: the calendar reloads, the provider list does not.
    act(() => bridge!.emit({ topic: 'appointments' }));
    await waitFor(() => expect(screen.getByLabelText('day').textContent).toBe('2026-03-02 v2'));
    expect(bridge.callsTo('providers/list')).toBe(1);

    // Busy time from calendar sync is one of calendar/view's own topics (shared/readTopics.ts).
    act(() => bridge!.emit({ topic: 'busyTime' }));
    await waitFor(() => expect(screen.getByLabelText('day').textContent).toBe('2026-03-02 v3'));

    // A provider renamed: both reload (the calendar shows provider names too).
    act(() => bridge!.emit({ topic: 'providers' }));
    await waitFor(() => expect(screen.getByLabelText('rail').textContent).toBe('Dr 2'));
    await waitFor(() => expect(screen.getByLabelText('day').textContent).toBe('2026-03-02 v4'));

    // A topic neither shows: nothing is asked again.
    const before = bridge.calls.length;
    act(() => bridge!.emit({ topic: 'inbox' }));
    await new Promise((r) => setTimeout(r, 20));
    expect(bridge.calls.length).toBe(before);
  });

  it('keys by input: another day is a new read, the first day is served from the cache', async () => {
    bridge = installFakeBridge(counting());
    const client = createLiveQueryClient();
    const wrap = (date: string | null) => (
      <LiveProvider client={client}>
        <DayProbe date={date} />
      </LiveProvider>
    );
    const again = render(wrap('2026-03-02'));
    await waitFor(() => expect(screen.getByLabelText('day').textContent).toBe('2026-03-02 v1'));
    again.rerender(wrap('2026-03-03'));
    await waitFor(() => expect(screen.getByLabelText('day').textContent).toBe('2026-03-03 v2'));
    again.rerender(wrap('2026-03-02'));
    expect(screen.getByLabelText('day').textContent).toBe('2026-03-02 v1');
    // No input yet: nothing shown, nothing asked.
    again.rerender(wrap(null));
    expect(screen.getByLabelText('day').textContent).toBe('none');
    expect(bridge.callsTo('calendar/view')).toBe(2);
  });

  it('reloads named reads on demand (a refused booking refreshes the openings)', async () => {
    let reloadReads: ((names: readonly ['providers/list']) => void) | undefined;
    function Reloader() {
      reloadReads = useReloadReads();
      return null;
    }
    bridge = installFakeBridge(counting());
    renderLive(
      <>
        <ProviderNames label="rail" />
        <DayProbe date="2026-03-02" />
        <Reloader />
      </>,
    );
    await waitFor(() => expect(screen.getByLabelText('rail').textContent).toBe('Dr 1'));
    act(() => reloadReads!(['providers/list']));
    await waitFor(() => expect(screen.getByLabelText('rail').textContent).toBe('Dr 2'));
    expect(bridge.callsTo('calendar/view')).toBe(1);
  });

  it('shows the engine refusal as an ApiError', async () => {
    bridge = installFakeBridge({});
    function Failing() {
      const q = useLiveQuery('clinic/get', {});
      return <p aria-label="error">{q.error ? `${q.error.code}: ${q.error.message}` : '-'}</p>;
    }
    renderLive(<Failing />);
    await waitFor(() =>
      expect(screen.getByLabelText('error').textContent).toBe(
        'NOT_FOUND: no answer for clinic/get in this test',
      ),
    );
  });
});
