import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationFailed } from '#platform';

/**
 * Validates a case action's body against its DTO as strictly as the global pipe validates typed
 * bodies (unknown fields refused), but takes an absent body as `{}` and accepts DTOs without
 * fields: the global pipe's forbidUnknownValues would refuse those. Returns plain data for the command.
 */
export class CaseActionBodyPipe implements PipeTransform<unknown, Promise<object>> {
  constructor(private readonly requestClass: new () => object) {}

  async transform(body: unknown): Promise<object> {
    const plain = body === undefined || body === null ? {} : body;
    if (typeof plain !== 'object' || Array.isArray(plain)) {
      throw new BadRequestException({
        code: 'VALIDATION.FAILED',
        message: 'the request body must be a JSON object',
      });
    }
    const instance = plainToInstance(this.requestClass, plain);
    const errors = await validate(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: false,
    });
    if (errors.length > 0) throw validationFailed(errors);
    return JSON.parse(JSON.stringify(instance)) as object;
  }
}
