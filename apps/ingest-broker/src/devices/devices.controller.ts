import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { DEVICE_ID_PATTERN, freeText } from '@tsunagu/contracts';
import { actorOf, mediaTypeOf, readTextBody, RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { DEVICE_KINDS, type DeviceRow } from './devices.tables';
import { DevicesService } from './devices.service';
import { BULK_BODY_LIMIT_BYTES, BULK_FORMATS, BULK_MEDIA_TYPES } from '../bulk/bulk-file';
import { BulkService } from '../bulk/bulk.service';

const provisionSchema = z
  .object({
    deviceId: z.string().regex(DEVICE_ID_PATTERN, 'letters, digits, . _ - (max 64), starting with a letter or digit').optional(),
    kind: z.enum(DEVICE_KINDS),
    // control characters refused at the door (NUL would fail the insert with a 500)
    model: freeText(64),
    site: freeText(64).optional(),
  })
  .strict();

const listSchema = z.object({
  kind: z.enum(DEVICE_KINDS).optional(),
  online: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  enabled: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** A bulk file as text in a JSON body (the JSON body limit is 100 kB); a larger one goes as the raw body. */
const bulkJson = new ZodValidationPipe(z.object({ format: z.enum(BULK_FORMATS), content: z.string().min(1).max(100_000) }).strict());

const eventsSchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** Device registry REST: provisioning returns the secret once; only its hash is kept. */
@Controller('devices')
export class DevicesController {
  constructor(
    private readonly devices: DevicesService,
    private readonly bulk: BulkService,
  ) {}

  /**
   * The file as the raw body (`text/csv`, `application/x-ndjson`; up to 1 MiB) or
   * as `{format, content}` JSON. 201 with a line per row (secrets once); 422 with
   * every bad line when any row is bad, and nothing written; 413 past the limit.
   */
  @Post('bulk')
  @RequireRoles('admin')
  async applyBulk(@Req() req: Request) {
    const media = mediaTypeOf(req);
    const format = BULK_MEDIA_TYPES[media];
    if (format) return this.bulk.apply(format, await readTextBody(req, BULK_BODY_LIMIT_BYTES), actorOf(req));
    if (media !== 'application/json') throw new UnsupportedMediaTypeException(`send the file as ${Object.keys(BULK_MEDIA_TYPES).join(', ')} or as {format, content} in application/json`);
    const body = bulkJson.transform(req.body);
    return this.bulk.apply(body.format, body.content, actorOf(req));
  }

  @Post()
  @RequireRoles('admin')
  provision(@Body(new ZodValidationPipe(provisionSchema)) body: z.infer<typeof provisionSchema>, @Req() req: Request) {
    return this.devices.provision(body, actorOf(req));
  }

  @Get()
  @RequireRoles('operator')
  async list(@Query(new ZodValidationPipe(listSchema)) query: z.infer<typeof listSchema>) {
    const { page, pageSize, ...filter } = query;
    const result = await this.devices.list(filter, page, pageSize);
    return { items: result.items.map(publicView), total: result.total, page, pageSize };
  }

  @Get(':id')
  @RequireRoles('operator')
  async get(@Param('id') id: string) {
    return publicView(await this.devices.get(id));
  }

  @Get(':id/events')
  @RequireRoles('admin')
  events(@Param('id') id: string, @Query(new ZodValidationPipe(eventsSchema)) query: z.infer<typeof eventsSchema>) {
    return this.devices.listEvents(id, query.limit);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequireRoles('admin')
  async disable(@Param('id') id: string, @Req() req: Request) {
    return publicView(await this.devices.setEnabled(id, false, actorOf(req)));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @RequireRoles('admin')
  async enable(@Param('id') id: string, @Req() req: Request) {
    return publicView(await this.devices.setEnabled(id, true, actorOf(req)));
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequireRoles('admin')
  rotate(@Param('id') id: string, @Req() req: Request) {
    return this.devices.rotateSecret(id, actorOf(req));
  }
}

/** A device as the API shows it: never the secret hash. */
function publicView(d: DeviceRow): Omit<DeviceRow, 'secretHash'> {
  const { secretHash: _secretHash, ...rest } = d;
  return rest;
}
