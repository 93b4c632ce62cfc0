import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { FreeTextDecodingInterceptor } from './free-text-decoding.interceptor.js';
import { PeopleController } from './people.controller.js';

@Module({
  controllers: [PeopleController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: FreeTextDecodingInterceptor }],
})
export class PeopleModule {}
