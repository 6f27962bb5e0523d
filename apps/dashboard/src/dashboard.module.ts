import { Module } from '@nestjs/common';
import { DashboardAssets, resolvePublicDir } from './dashboard-assets';
import { DashboardController } from './dashboard.controller';

/**
 * The operators' web dashboard at GET /dashboard: a static single-page app (plain
 * HTML, CSS and ES modules from ./public, no build step) over the REST APIs of the
 * other modules. Needs no provider from the platform core and mounts beside them.
 */
@Module({
  controllers: [DashboardController],
  providers: [{ provide: DashboardAssets, useFactory: () => new DashboardAssets(resolvePublicDir()) }],
})
export class DashboardModule {}
