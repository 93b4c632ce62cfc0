import { createSecretKey } from 'node:crypto';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfig } from '#platform';
import { RegistryModule } from '../registry/registry.module.js';
import { AccountAuditRepository } from './account-audit.repository.js';
import { AccountStateService } from './account-state.service.js';
import { AccountSyncService } from './account-sync.service.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { JurisdictionService } from './jurisdiction.service.js';
import { LoginThrottleStore } from './login-throttle.store.js';
import { LoginService } from './login.service.js';

/**
 * Logins, access tokens, the global AuthGuard and the jurisdiction service every module may use
 * (README.md beside this file).
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.auth.jwtSecret) throw new Error('AuthModule needs config.auth.jwtSecret (withApiSecrets)');
    return {
      module: AuthModule,
      imports: [
        RegistryModule,
        JwtModule.register({
          // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to
          // parse it as a public key on every verify, which cost ~13 % of CPU per request.
          secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
          signOptions: {
            algorithm: 'HS256',
            expiresIn: config.auth.accessTokenTtlSeconds,
            issuer: 'gridcase',
          },
          verifyOptions: { algorithms: ['HS256'], issuer: 'gridcase' },
        }),
      ],
      controllers: [AuthController, AccountsController],
      providers: [
        AccountsRepository,
        AccountAuditRepository,
        AccountStateService,
        AccountSyncService,
        LoginThrottleStore,
        LoginService,
        JurisdictionService,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [JurisdictionService, AccountsRepository],
    };
  }
}
