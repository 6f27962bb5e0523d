import { HttpStatus } from '@nestjs/common';
import { codedException, CodedException, CodedExceptionFilter } from './coded-exception';

class ThingsException extends codedException({
  thingNotFound: ['THING_NOT_FOUND', HttpStatus.NOT_FOUND],
  thingTaken: ['THING_TAKEN', HttpStatus.CONFLICT],
}) {}

describe('codedException', () => {
  it('gives the module its codes by name and each code its status', () => {
    expect(ThingsException.code).toEqual({ thingNotFound: 'THING_NOT_FOUND', thingTaken: 'THING_TAKEN' });
    expect(ThingsException.statusOf).toEqual({ THING_NOT_FOUND: 404, THING_TAKEN: 409 });
  });

  it('makes exceptions named after the module class, with code and details', () => {
    const err = new ThingsException(ThingsException.code.thingTaken, 'thing 7 is taken', { by: 'x' });
    expect(err).toBeInstanceOf(CodedException);
    expect(err).toMatchObject({ name: 'ThingsException', code: 'THING_TAKEN', message: 'thing 7 is taken', details: { by: 'x' } });
  });
});

describe('CodedExceptionFilter', () => {
  const answer = (error: CodedException) => {
    const res = { status: jest.fn(), json: jest.fn() };
    res.status.mockReturnValue(res);
    new CodedExceptionFilter().catch(error, { switchToHttp: () => ({ getResponse: () => res }) } as never);
    return { status: res.status.mock.calls[0]![0] as number, body: res.json.mock.calls[0]![0] as Record<string, unknown> };
  };

  it("answers any module's exception with its code's status, its details and its class's body", () => {
    class LabelledException extends codedException({ gone: ['GONE', HttpStatus.GONE] }, { body: { mode: 'paper' } }) {}
    expect(answer(new ThingsException(ThingsException.code.thingTaken, 'taken', { allowed: ['a'] }))).toEqual({
      status: 409,
      body: { statusCode: 409, code: 'THING_TAKEN', message: 'taken', allowed: ['a'] },
    });
    expect(answer(new LabelledException(LabelledException.code.gone, 'gone'))).toEqual({ status: 410, body: { statusCode: 410, code: 'GONE', message: 'gone', mode: 'paper' } });
  });

  it('answers 500 for a code its class does not list', () => {
    expect(answer(new CodedException('ODD', 'odd')).status).toBe(500);
  });
});
