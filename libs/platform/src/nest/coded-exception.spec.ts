import { HttpStatus } from '@nestjs/common';
import { codedException, CodedException } from './coded-exception';

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
