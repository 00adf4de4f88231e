import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import {
  getPlan,
  getProvider,
  getVisitType,
  listPayers,
  listPlans,
} from '../../db/repos/directory';
import {
  endCoverage,
  getCoverage,
  insertCoverage,
  insertPayer,
  insertPlan,
  listCoverages,
  replaceNetworks,
  replaceOfferedVisitTypes,
  updateCoverage,
} from '../../db/repos/insurance';
import { getPatient } from '../../db/repos/patients';
import { id } from '../../entities/common';
import {
  coverageInput,
  networkSpanInput,
  payerCreateInput,
  planCreateInput,
} from '../../entities/insurance';
import { AppError, notFound } from '../../errors';
import { defineHandler } from '../handler';

export const payersCreate = defineHandler({
  name: 'payers/create',
  mode: 'write',
  permission: 'billing.manage',
  summary: 'Add an insurer, with the payer ID the clearinghouse knows it by.',
  input: payerCreateInput,
  run: (input, ctx) => {
    if (listPayers(ctx.db).some((p) => p.name.toLowerCase() === input.name.toLowerCase()))
      throw new AppError('CONFLICT', `A payer named ${input.name} already exists.`, 'name');
    const payerId = insertPayer(ctx.db, ctx.now, {
      name: input.name,
      clearinghousePayerId: input.clearinghousePayerId ?? null,
    });
    writeAudit(ctx, {
      action: 'payer.created',
      entityType: 'payer',
      entityId: payerId,
      details: { name: input.name },
    });
    ctx.emit({ topic: 'insurance', ids: [payerId] });
    return listPayers(ctx.db).find((p) => p.id === payerId)!;
  },
});

export const payersList = defineHandler({
  name: 'payers/list',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'Every payer with its plans, by name.',
  input: z.object({}).strict(),
  run: (_input, ctx) => {
    const plans = listPlans(ctx.db);
    return listPayers(ctx.db).map((p) => ({
      ...p,
      plans: plans.filter((pl) => pl.payerId === p.id),
    }));
  },
});

export const plansCreate = defineHandler({
  name: 'plans/create',
  mode: 'write',
  permission: 'billing.manage',
  summary: 'Add a plan or product of a payer (networks are per plan).',
  input: planCreateInput,
  run: (input, ctx) => {
    const payer = listPayers(ctx.db).find((p) => p.id === input.payerId);
    if (!payer) throw notFound('The payer', 'payerId');
    if (
      listPlans(ctx.db).some(
        (p) => p.payerId === input.payerId && p.name.toLowerCase() === input.name.toLowerCase(),
      )
    )
      throw new AppError(
        'CONFLICT',
        `${payer.name} already has a plan named ${input.name}.`,
        'name',
      );
    const planId = insertPlan(ctx.db, ctx.now, input);
    writeAudit(ctx, {
      action: 'plan.created',
      entityType: 'plan',
      entityId: planId,
      details: { payer: payer.name, name: input.name },
    });
    ctx.emit({ topic: 'insurance', ids: [planId] });
    return getPlan(ctx.db, planId)!;
  },
});

export const plansList = defineHandler({
  name: 'plans/list',
  mode: 'read',
  permission: 'schedule.view',
  summary: 'Every plan, by the name on the card ("Aetna Choice POS II").',
  input: z.object({ includeInactive: z.boolean().default(false) }).strict(),
  run: (input, ctx) => listPlans(ctx.db).filter((p) => input.includeInactive || p.active),
});

export const providersSetNetworks = defineHandler({
  name: 'providers/setNetworks',
  mode: 'write',
  permission: 'settings.manage',
  summary: 'Replace the plans a provider is in network for, each with its dates.',
  input: z
    .object({
      providerId: id('provider'),
      networks: z.array(networkSpanInput).max(500, 'at most 500 network entries'),
    })
    .strict(),
  run: (input, ctx) => {
    const provider = getProvider(ctx.db, input.providerId);
    if (!provider) throw notFound('The provider', 'providerId');
    input.networks.forEach((n, i) => {
      if (!getPlan(ctx.db, n.planId))
        throw new AppError('NOT_FOUND', `Plan ${n.planId} was not found.`, `networks.${i}.planId`);
      input.networks.forEach((m, j) => {
        if (
          j > i &&
          m.planId === n.planId &&
          m.effectiveFrom <= (n.effectiveTo ?? '9999-12-31') &&
          n.effectiveFrom <= (m.effectiveTo ?? '9999-12-31')
        )
          throw new AppError(
            'VALIDATION',
            `two entries for ${getPlan(ctx.db, n.planId)!.displayName} overlap in time`,
            `networks.${j}.effectiveFrom`,
          );
      });
    });
    replaceNetworks(
      ctx.db,
      ctx.now,
      provider.id,
      input.networks.map((n) => ({
        planId: n.planId,
        effectiveFrom: n.effectiveFrom,
        effectiveTo: n.effectiveTo ?? null,
      })),
    );
    writeAudit(ctx, {
      action: 'provider.networksChanged',
      entityType: 'provider',
      entityId: provider.id,
      details: { networks: input.networks },
    });
    ctx.emit({ topic: 'providers', ids: [provider.id] });
    return getProvider(ctx.db, provider.id)!;
  },
});

export const providersSetVisitTypes = defineHandler({
  name: 'providers/setVisitTypes',
  mode: 'write',
  permission: 'settings.manage',
  summary: "Limit the visit types a provider offers (an empty list: all of their specialty's).",
  input: z
    .object({ providerId: id('provider'), visitTypeIds: z.array(id('visit type')).max(200) })
    .strict(),
  run: (input, ctx) => {
    const provider = getProvider(ctx.db, input.providerId);
    if (!provider) throw notFound('The provider', 'providerId');
    input.visitTypeIds.forEach((v, i) => {
      const vt = getVisitType(ctx.db, v);
      if (!vt)
        throw new AppError('NOT_FOUND', `Visit type ${v} was not found.`, `visitTypeIds.${i}`);
      if (vt.specialties.length > 0 && !vt.specialties.includes(provider.taxonomyCode))
        throw new AppError(
          'RULE',
          `${vt.name} is not open to ${provider.specialtyName}; change the visit type's specialties first.`,
          `visitTypeIds.${i}`,
        );
    });
    replaceOfferedVisitTypes(ctx.db, provider.id, input.visitTypeIds);
    writeAudit(ctx, {
      action: 'provider.visitTypesChanged',
      entityType: 'provider',
      entityId: provider.id,
      details: { visitTypeIds: input.visitTypeIds },
    });
    ctx.emit({ topic: 'providers', ids: [provider.id] });
    return getProvider(ctx.db, provider.id)!;
  },
});

export const coveragesList = defineHandler({
  name: 'coverages/list',
  mode: 'read',
  permission: 'patients.view',
  summary: "A patient's insurance coverages, primary first.",
  input: z
    .object({ patientId: id('patient'), includeInactive: z.boolean().default(false) })
    .strict(),
  run: (input, ctx) => {
    if (!getPatient(ctx.db, input.patientId)) throw notFound('The patient', 'patientId');
    return listCoverages(ctx.db, input.patientId, { includeInactive: input.includeInactive });
  },
});

export const coveragesSave = defineHandler({
  name: 'coverages/save',
  mode: 'write',
  permission: 'patients.edit',
  summary: "Add a patient's coverage, or change one (give coverageId).",
  input: z
    .object({
      patientId: id('patient'),
      coverageId: id('coverage').optional(),
      coverage: coverageInput,
    })
    .strict(),
  run: (input, ctx) => {
    if (!getPatient(ctx.db, input.patientId)) throw notFound('The patient', 'patientId');
    if (!getPlan(ctx.db, input.coverage.planId)) throw notFound('The plan', 'coverage.planId');
    const clash = listCoverages(ctx.db, input.patientId).find(
      (c) => c.priority === input.coverage.priority && c.id !== input.coverageId,
    );
    if (clash)
      throw new AppError(
        'CONFLICT',
        `${clash.planName} is already this patient's ${['primary', 'secondary', 'tertiary'][clash.priority - 1]} coverage; end it or choose another priority.`,
        'coverage.priority',
      );
    let coverageId: number;
    if (input.coverageId !== undefined) {
      const existing = getCoverage(ctx.db, input.coverageId);
      if (!existing || existing.patientId !== input.patientId || !existing.active)
        throw notFound('The coverage', 'coverageId');
      updateCoverage(ctx.db, ctx.now, existing.id, input.coverage);
      coverageId = existing.id;
    } else coverageId = insertCoverage(ctx.db, ctx.now, input.patientId, input.coverage);
    writeAudit(ctx, {
      action: input.coverageId ? 'coverage.changed' : 'coverage.added',
      entityType: 'patient',
      entityId: input.patientId,
      details: { coverageId, planId: input.coverage.planId, priority: input.coverage.priority },
    });
    ctx.emit({ topic: 'patients', ids: [input.patientId] });
    return getCoverage(ctx.db, coverageId)!;
  },
});

export const coveragesEnd = defineHandler({
  name: 'coverages/end',
  mode: 'write',
  permission: 'patients.edit',
  summary: 'End a coverage (it stays on record for past verifications and estimates).',
  input: z.object({ coverageId: id('coverage') }).strict(),
  run: (input, ctx) => {
    const c = getCoverage(ctx.db, input.coverageId);
    if (!c || !c.active) throw notFound('The coverage', 'coverageId');
    endCoverage(ctx.db, ctx.now, c.id);
    writeAudit(ctx, {
      action: 'coverage.ended',
      entityType: 'patient',
      entityId: c.patientId,
      details: { coverageId: c.id },
    });
    ctx.emit({ topic: 'patients', ids: [c.patientId] });
    return { ...c, active: false };
  },
});
