import { TOPICS } from '@tsunagu/contracts';
import { serviceModuleClass, serviceOptions, serviceDefinition } from '@tsunagu/platform';
import { dispatchEnv, dispatchOptionsFromEnv, type DispatchOptions } from './dispatch.config';
import { DISPATCH, DISPATCH_OPTIONS } from './dispatch.constants';
import { DISPATCH_TABLES } from './dispatch.tables';
import { DispatchController } from './disruptions/dispatch.controller';
import { DispatchRepository } from './disruptions/dispatch.repository';
import { DispatchService } from './disruptions/dispatch.service';
import { DisruptionsConsumer } from './disruptions/disruptions.consumer';
import { DispatchInit1764600000000 } from './migrations/1764600000000-dispatch-init';
import { DispatchKernel1765000000100 } from './migrations/1765000000100-dispatch-kernel';
import { DispatchRequestClosing1766100000000 } from './migrations/1766100000000-dispatch-request-closing';
import { VehicleStateConsumer } from './vehicles/vehicle-state.consumer';

/** Vehicle dispatch as the kernel builds it: schema, tables, options, consumers, topics, HTTP. */
export const DISPATCH_SERVICE = serviceDefinition<DispatchOptions>({
  name: DISPATCH.serviceName,
  migrations: [DispatchInit1764600000000, DispatchKernel1765000000100, DispatchRequestClosing1766100000000],
  tables: DISPATCH_TABLES,
  options: serviceOptions(DISPATCH_OPTIONS, dispatchEnv, dispatchOptionsFromEnv),
  consumers: [VehicleStateConsumer, DisruptionsConsumer],
  // consumed, not produced: created log-compacted (latest state per vehicle) if it does not exist yet
  compacted: [TOPICS.vehicleState],
  controllers: [DispatchController],
  providers: [DispatchRepository, DispatchService],
  exports: [DispatchService],
});

/**
 * Vehicle dispatch (pair 4's system of record): latest vehicle states,
 * disruptions, dispatch requests and assignments (each traceable to the tweets
 * behind it), and their REST API. `register(overrides)` replaces settings (tests).
 */
export const DispatchModule = serviceModuleClass('DispatchModule', DISPATCH_SERVICE);
