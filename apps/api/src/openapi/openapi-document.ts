import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { mergeProblemCodes } from './api-problems.decorator.js';

/**
 * The OpenAPI document of the application: served at /docs-json, and the source of the typed
 * client in libs/api-client (`npm run api:client`). One function, so the two never differ.
 */
export function openApiDocumentOf(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('gridcase')
      .setDescription('Event-sourced case management for grid-based community governance')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  return mergeProblemCodes(document);
}
