import { Module } from '@nestjs/common';
import { DashboardAssets, resolvePublicDir } from './dashboard-assets';
import { ConsoleEventsController } from './console-events.controller';
import { DashboardController } from './dashboard.controller';

/**
 * The operators' web console at GET /dashboard: a static single-page app (plain
 * HTML, CSS and ES modules from ./public, no build step) over the REST APIs of the
 * other modules, signed in with the identity module's session; GET /console/events
 * streams which services changed (the platform core's ChangeFeed), so the open
 * queues update without a reload.
 */
@Module({
  controllers: [DashboardController, ConsoleEventsController],
  providers: [{ provide: DashboardAssets, useFactory: () => new DashboardAssets(resolvePublicDir()) }],
})
export class DashboardModule {}
