/** The ingest broker's public entry (the all-in-one process and other apps' tests import only this). */
export { IngestBrokerModule, INGEST_BROKER_SERVICE } from './ingest-broker.module';
export { ingestBrokerEnv, ingestOptionsFromEnv, type IngestBrokerOptions } from './config/ingest-broker.config';
export { INGEST_SCHEMA } from './config/ingest-broker.config';
export { INGEST_TABLES } from './devices/devices.tables';
export { MqttBrokerService } from './broker/mqtt-broker.service';
export { DevicesService } from './devices/devices.service';
export { TweetIntakeService } from './tweets/tweet-intake.service';
export { INGEST_SECURITY_RULES } from './config/ingest-security.rules';
