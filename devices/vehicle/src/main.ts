/**
 * A vehicle on the command line:
 *   npm run device:vehicle -- --device-id van-1 --model van-2t --interval-ms 1000
 * (password from DEVICE_PASSWORD). Reports come from the simulators' driving model by default.
 */
import { runDeviceProgram } from '@tsunagu/device-agent';
import { VehicleModel, hashSeed } from '@tsunagu/simulators';

void runDeviceProgram({
  kind: 'vehicle',
  defaultModel: 'van-2t',
  createModelSource: (config) => {
    const model = new VehicleModel({ model: config.DEVICE_MODEL, seed: hashSeed(config.DEVICE_ID), startAt: Date.now() });
    return { name: `model:${config.DEVICE_MODEL}`, read: (now) => model.read(now) };
  },
}).then((code) => process.exit(code));
