/**
 * Every read operation says which change topics make it stale (or why none do), and every topic
 * the engine publishes reloads some read: a topic nobody listens to would be a view that goes stale.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src/core/api';
import {
  DELIBERATELY_UNWATCHED,
  READ_TOPICS,
  UNWATCHED_TOPICS,
  topicsOf,
} from '../../src/shared/readTopics';
import { TOPICS, type Topic } from '../../src/shared/topics';

const registry = createApi();
const reads = registry.names().filter((n) => registry.modeOf(n) === 'read');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

/** Topics nobody listens to: neither a read's nor listed as deliberately unwatched. */
export function unheard(published: readonly string[]): string[] {
  const heard = new Set<string>(Object.values(READ_TOPICS).flat());
  return published.filter((t) => !heard.has(t) && !(t in UNWATCHED_TOPICS));
}

describe('read operations and their topics', () => {
  it('finds the read operations', () => expect(reads.length).toBeGreaterThan(30));

  it('lists every read operation as watched or deliberately unwatched', () => {
    expect(reads.filter((n) => !(n in READ_TOPICS) && !(n in DELIBERATELY_UNWATCHED))).toEqual([]);
  });

  it('names only read operations that exist, each in one map', () => {
    const named = [...Object.keys(READ_TOPICS), ...Object.keys(DELIBERATELY_UNWATCHED)];
    expect(named.filter((n) => !reads.includes(n))).toEqual([]);
    expect(Object.keys(READ_TOPICS).filter((n) => n in DELIBERATELY_UNWATCHED)).toEqual([]);
    for (const reason of Object.values(DELIBERATELY_UNWATCHED))
      expect(reason.length).toBeGreaterThan(20);
  });

  it('refreshes the day view, the week view and first openings on busy time from calendar sync', () => {
    expect(topicsOf('calendar/view')).toContain('busyTime');
    expect(topicsOf('availability/firstOpenings')).toContain('busyTime');
    expect(topicsOf('availability/slots')).toContain('busyTime');
  });
});

describe('published topics', () => {
  const published = new Set<string>();
  for (const f of sources(join(__dirname, '../../src/core')))
    for (const m of readFileSync(f, 'utf8').matchAll(/topic: '([a-zA-Z]+)'/g)) published.add(m[1]!);

  it('publishes only topics of the closed set', () => {
    expect([...published].filter((t) => !(TOPICS as readonly string[]).includes(t))).toEqual([]);
    expect(published.has('busyTime')).toBe(true);
  });

  it('has a listener for every topic of the set (published or not)', () => {
    expect(unheard(TOPICS)).toEqual([]);
  });

  it('would fail on a topic that is published and that nobody listens to', () => {
    expect(unheard([...TOPICS, 'faxes' as Topic])).toEqual(['faxes']);
  });
});
