import type { MachineTelemetryV1 } from '@tsunagu/contracts';
import { MachineAnalyser, type MachineState } from '@tsunagu/operation-analysis';
import { MACHINE_MODEL_IDS } from '../../simulators/src/models/catalogue';
import { faultSource } from './e2e-load';

describe('the end-to-end bench’s fault source', () => {
  it('announces exactly the coolant limit findings operation analysis raises, at the reading that raises each', () => {
    let announced: string[] = [];
    const source = faultSource(100, (id) => announced.push(id), Date.UTC(2026, 0, 1));
    const analyser = new MachineAnalyser();
    let total = 0;
    MACHINE_MODEL_IDS.forEach((model, index) => {
      const deviceId = `bench-d${index}`;
      const next = source({ deviceId, index });
      let state: MachineState | undefined;
      for (let i = 0; i < 500; i++) {
        announced = [];
        const payload = next(Date.now());
        const reading = { ...payload, deviceId, model, receivedAt: payload.ts } as unknown as MachineTelemetryV1;
        const analysis = analyser.analyse(state, reading, { topic: 'telemetry', partition: 0, offset: String(i) });
        state = analysis.state;
        const raised = analysis.findings.filter((f) => f.kind === 'limit-crossed' && f.component === 'coolant').map((f) => f.findingId);
        expect(raised).toEqual(announced);
        total += raised.length;
      }
    });
    // five episodes of 500 readings each, the first one possibly cut by the device's phase
    expect(total).toBeGreaterThanOrEqual(4 * MACHINE_MODEL_IDS.length);
  });
});
