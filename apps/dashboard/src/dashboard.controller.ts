import { Controller, Get, HttpStatus, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@tsunagu/platform';
import { DashboardAssets, type DashboardAsset } from './dashboard-assets';
import { DASHBOARD_ROUTE, DASHBOARD_SECURITY_HEADERS } from './dashboard.constants';

/**
 * Serves the operators' web dashboard: static files only, no data. It is public on
 * purpose: every call the page makes goes to the REST API with the operator's own
 * bearer token, where the roles are checked.
 */
@Controller(DASHBOARD_ROUTE)
@Public('static files of the dashboard page; its data calls carry the operator’s token')
export class DashboardController {
  constructor(private readonly assets: DashboardAssets) {}

  /** GET /dashboard and /dashboard/ */
  @Get()
  page(@Req() req: Request, @Res() res: Response): void {
    send(req, res, this.assets.index);
  }

  /** GET /dashboard/<file>: one segment, looked up by name among the files read at start-up. */
  @Get(':file')
  asset(@Param('file') file: string, @Req() req: Request, @Res() res: Response): void {
    send(req, res, this.assets.get(file));
  }
}

function send(req: Request, res: Response, asset: DashboardAsset | null): void {
  res.set(DASHBOARD_SECURITY_HEADERS);
  if (!asset) {
    res.status(HttpStatus.NOT_FOUND).type('text/plain').send('not found');
    return;
  }
  res.set({ 'Content-Type': asset.contentType, ETag: asset.etag });
  if (req.headers['if-none-match'] === asset.etag) {
    res.status(HttpStatus.NOT_MODIFIED).end();
    return;
  }
  res.status(HttpStatus.OK).send(asset.body);
}
