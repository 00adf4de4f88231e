/**
 * The office network (a second front-desk PC): what this host serves and the certificate desks
 * trust, and the administrator's choice of network card and port. The host that holds the data
 * folder provides both (HostServices.network); elsewhere the status says it is not available.
 */
import net from 'node:net';
import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { AppError } from '../../errors';
import type { NetworkStatus } from '../../../shared/network';
import { defineAsyncHandler, type AsyncHandlerContext } from '../handler';

const NOT_AVAILABLE: NetworkStatus = {
  available: false,
  servingUrl: null,
  configured: null,
  trustProxy: false,
  problem: null,
  certificate: null,
  addresses: [],
};

export const networkStatus = defineAsyncHandler({
  name: 'network/status',
  mode: 'read',
  permission: 'settings.manage',
  kind: 'async',
  summary:
    'Where this host answers, the saved network card and port, and the certificate fingerprint a second desk checks once.',
  input: z.object({}).strict(),
  run: (_input, ctx) => Promise.resolve(ctx.services.network?.status() ?? NOT_AVAILABLE),
});

const address = z
  .string({ error: 'the address must be text' })
  .trim()
  .refine((a) => net.isIP(a) !== 0, {
    message: "enter the IP address of this PC's network card, such as 192.168.1.20",
  })
  .refine((a) => a !== '0.0.0.0' && a !== '::', {
    message: "choose one network card's address, not every interface (0.0.0.0)",
  })
  .refine((a) => !a.startsWith('127.') && a !== '::1', {
    message: 'that is this PC only (loopback): turn the office network off instead',
  });

export const networkConfigure = defineAsyncHandler({
  name: 'network/configure',
  mode: 'write',
  // Which PCs may reach the clinic's records is access control: the administrator's.
  permission: 'users.manage',
  kind: 'async',
  summary:
    'Serve the office network over HTTPS on one network card and port, at once and at every start (creating the certificate; open desks are moved), or this PC only (enabled false).',
  input: z.discriminatedUnion(
    'enabled',
    [
      z
        .object({
          enabled: z.literal(true),
          address,
          port: z
            .number({ error: 'the port must be a number' })
            .int('the port must be a whole number')
            .min(1024, 'choose a port from 1024 to 65535')
            .max(65535, 'choose a port from 1024 to 65535'),
          trustProxy: z.boolean({ error: 'trustProxy must be true or false' }).optional(),
        })
        .strict(),
      z.object({ enabled: z.literal(false) }).strict(),
    ],
    { error: 'enabled must be true or false' },
  ),
  run: async (input, ctx) => {
    const service = ctx.services.network;
    if (!service)
      throw new AppError(
        'INVALID_STATE',
        'Only the PC that holds the data can serve the office network: open this screen in ClinicDesk there.',
      );
    const choice = input.enabled
      ? { address: input.address, port: input.port, trustProxy: input.trustProxy }
      : null;
    const status = await service.configure(choice);
    auditNow(ctx, {
      action: 'network.configured',
      entityType: 'network',
      entityId: 1,
      details: {
        served: choice ? `${choice.address}:${choice.port}` : 'this PC only',
        trustProxy: status.trustProxy,
        fingerprint256: status.certificate?.fingerprint256 ?? null,
      },
    });
    ctx.publish({ topic: 'settings' });
    return status;
  },
});

/** An async operation's audit row, in its own short write (it holds no transaction). */
function auditNow(ctx: AsyncHandlerContext, entry: Parameters<typeof writeAudit>[1]): void {
  ctx.db.sqlite
    .transaction(() =>
      writeAudit(
        {
          db: ctx.db,
          now: ctx.clock(),
          actor: ctx.actor,
          origin: ctx.origin,
          user: ctx.user,
          workstation: ctx.workstation,
        },
        entry,
      ),
    )
    .immediate();
}
