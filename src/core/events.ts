import type { Topic } from '../shared/topics';

export type { Topic };

/**
 * A change pushed to every open client so that two front desks see each other's work live. Lives
 * below the domains: a domain service or background job describes what it changed; the dispatcher
 * (or the job runner) publishes it after commit.
 */
export interface ChangeEvent {
  topic: Topic;
  ids?: number[];
  providerIds?: number[];
}

/** Where a background job hands the changes it committed. */
export type Publish = (event: ChangeEvent) => void;
