import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

describe('ZodValidationPipe', () => {
  const pipe = new ZodValidationPipe(z.object({ by: z.string().max(100), notes: z.array(z.object({ text: z.string() })).optional() }));
  const refusal = (value: unknown) => {
    try {
      pipe.transform(value);
    } catch (err) {
      expect(err).toBeInstanceOf(BadRequestException);
      return (err as BadRequestException).getResponse() as { message: string; fields: Array<{ field: string }> };
    }
    throw new Error('accepted');
  };

  it('names every bad field', () => {
    expect(refusal({ by: 7 })).toMatchObject({ fields: [{ field: 'by' }], message: expect.stringContaining('by') });
  });

  it('refuses NUL in any string the schema let through (PostgreSQL text cannot hold it), naming where', () => {
    expect(refusal({ by: 'sa\u0000to' })).toMatchObject({ fields: [{ field: 'by' }], message: 'by: must not contain NUL characters' });
    expect(refusal({ by: 'sato', notes: [{ text: 'ok' }, { text: '\u0000' }] }).fields).toEqual([expect.objectContaining({ field: 'notes[1].text' })]);
  });

  it('passes clean values through', () => {
    expect(pipe.transform({ by: 'sato\ttab', notes: [{ text: 'line\nbreak' }] })).toEqual({ by: 'sato\ttab', notes: [{ text: 'line\nbreak' }] });
  });
});
