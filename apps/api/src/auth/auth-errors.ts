import { ForbiddenException, HttpException, NotFoundException, UnauthorizedException } from '@nestjs/common';

export function unauthenticated(message = 'a valid Bearer access token is required'): UnauthorizedException {
  return new UnauthorizedException({ code: 'AUTH.UNAUTHENTICATED', message });
}

export function forbidden(message = 'your role does not allow this'): ForbiddenException {
  return new ForbiddenException({ code: 'AUTH.FORBIDDEN', message });
}

/** A case outside the caller's jurisdiction is answered exactly like an unknown case (existence is hidden). */
export function caseHidden(caseId: string): NotFoundException {
  return new NotFoundException({ code: 'CASE.NOT_FOUND', message: `case ${caseId} does not exist` });
}

export function invalidCredentials(): UnauthorizedException {
  return new UnauthorizedException({
    code: 'AUTH.INVALID_CREDENTIALS',
    message: 'unknown username or wrong password',
  });
}

export function tooManyAttempts(): HttpException {
  return new HttpException(
    { code: 'AUTH.TOO_MANY_ATTEMPTS', message: 'too many failed logins; try again later' },
    429,
  );
}
