import type { CoreContext } from '../context';

export interface DemoSummary {
  locations: number;
  providers: number;
  visitTypes: number;
  patients: number;
  appointments: number;
}

/** Placeholder until the demo generator lands. */
export function loadDemoClinic(_ctx: CoreContext, _options: { seed: number }): DemoSummary {
  throw new Error('not built yet');
}
