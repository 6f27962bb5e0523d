import { Body, Controller, Get, Inject, Param, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { PLATFORM_TOKENS, RequireRoles, ZodValidationPipe, type Clock } from '@tsunagu/platform';
import { CALL_CENTRE_ERROR, CallCentreException } from '../call-centre.exception';
import type { ContactRow } from '../call-centre.tables';
import { ContactsRepository } from './contacts.repository';

const phone = z.string().regex(/^\+?[0-9][0-9 ()-]{4,30}$/, 'a phone number (digits, spaces, +, -, parentheses)');

export const upsertContactSchema = z.object({
  ownerName: z.string().min(1).max(200),
  ownerPhone: phone,
  driverName: z.string().min(1).max(200).optional(),
  driverPhone: phone.optional(),
  email: z.email().optional(),
  notes: z.string().max(2000).optional(),
  /** who makes the change (recorded) */
  by: z.string().min(1).max(100),
});
type UpsertContact = z.infer<typeof upsertContactSchema>;

const vehicleIdSchema = z.string().min(1).max(100);

/** The vehicle owner/driver registry shown on cases. */
@Controller('call-centre/contacts')
export class ContactsController {
  constructor(
    private readonly contacts: ContactsRepository,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {}

  @Get(':vehicleId')
  @RequireRoles('callcentre', 'operator')
  async get(@Param('vehicleId', new ZodValidationPipe(vehicleIdSchema)) vehicleId: string): Promise<ContactRow> {
    const contact = await this.contacts.find(vehicleId);
    if (!contact) throw new CallCentreException(CALL_CENTRE_ERROR.contactNotFound, `no contact for vehicle ${vehicleId}`);
    return contact;
  }

  /** Creates or replaces the contact of a vehicle: 201 when created, 200 when replaced. */
  @Put(':vehicleId')
  @RequireRoles('callcentre')
  async upsert(
    @Param('vehicleId', new ZodValidationPipe(vehicleIdSchema)) vehicleId: string,
    @Body(new ZodValidationPipe(upsertContactSchema)) body: UpsertContact,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactRow> {
    const { contact, created } = await this.contacts.upsert({
      vehicleId,
      ownerName: body.ownerName,
      ownerPhone: body.ownerPhone,
      driverName: body.driverName ?? null,
      driverPhone: body.driverPhone ?? null,
      email: body.email ?? null,
      notes: body.notes ?? null,
      updatedAt: this.clock.now(),
      updatedBy: body.by,
    });
    res.status(created ? 201 : 200);
    return contact;
  }
}
