/**
 * The layer rules in eslint.config.js, tried on imports that break them: each must be refused
 * (and the allowed direction accepted), so a loosened rule fails here, not in review.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('layers enforced by lint', () => {
  it.each([
    ['src/core/scheduling/slots.ts', "import type { Registry } from '../api/registry';"],
    ['src/core/scheduling/openRanges.ts', "import { getClinic } from '../db/repos/clinic';"],
    [
      'src/core/scheduling/service/booking.ts',
      "import { planAfterBooking } from '../../reminders/outbox';",
    ],
    [
      'src/core/reminders/inbound.ts',
      "import { bookAppointment } from '../scheduling/service/booking';",
    ],
    ['src/core/reminders/outbox.ts', "import type { ExtraRoute } from '../host/http';"],
    ['src/core/calsync/ical/expand.ts', "import { stmt } from '../../db/repos/statements';"],
    ['src/core/eligibility/parse271.ts', "import { getClinic } from '../db/repos/clinic';"],
    ['src/core/matching/rank.ts', "import { AppError } from '../api/errors';"],
    ['src/core/events.ts', "import type { Registry } from './api/registry';"],
    ['src/shared/topics.ts', "import type { ClinicDb } from '../core/db/open';"],
    ['src/shared/topics.ts', "import fs from 'node:fs';"],
    ['src/renderer/src/App.tsx', "import { createApi } from '../../core/api';"],
  ])('refuses in %s: %s', async (file, line) => {
    const messages = await restrictedImports(file, `${line}\nexport {};\n`);
    expect(messages.length, messages.join('\n')).toBeGreaterThan(0);
  });

  it.each([
    ['src/core/reminders/inbound.ts', "import { cancelAppointment } from '../scheduling/service';"],
    [
      'src/core/scheduling/service/booking.ts',
      "import { getClinic } from '../../db/repos/clinic';",
    ],
    ['src/core/scheduling/slots.ts', "import { AppError } from '../errors';"],
    [
      'src/core/api/handlers/appointments.ts',
      "import { withReminders } from '../../reminders/followUps';",
    ],
    ['src/renderer/src/App.tsx', "import { TOPICS } from '../../shared/topics';"],
  ])('allows in %s: %s', async (file, line) => {
    expect(await restrictedImports(file, `${line}\nexport {};\n`)).toEqual([]);
  });
});
