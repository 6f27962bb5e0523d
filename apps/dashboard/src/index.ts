/** The operators' dashboard's public entry. */
export { DashboardModule } from './dashboard.module';
