/**
 * A construction machine on the command line:
 *   npm run device:machine -- --device-id exc-1 --model excavator-20t --interval-ms 1000
 * (password from DEVICE_PASSWORD). Readings come from the simulators' physics by default.
 */
import { runDeviceProgram } from '@tsunagu/device-agent';
import { MachineModel, hashSeed } from '@tsunagu/simulators';

void runDeviceProgram({
  kind: 'machine',
  defaultModel: 'excavator-20t',
  createModelSource: (config) => {
    const model = new MachineModel({ model: config.DEVICE_MODEL, seed: hashSeed(config.DEVICE_ID), startAt: Date.now(), shifts: config.DEVICE_SHIFTS });
    return { name: `model:${config.DEVICE_MODEL}`, read: (now) => [model.read(now)] };
  },
}).then((code) => process.exit(code));
