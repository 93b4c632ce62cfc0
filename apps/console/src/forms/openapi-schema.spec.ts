import { describe, expect, it } from '@jest/globals';
import { bodyFromValues, formFields, requestSchemaOf, type OpenApiDocument } from './openapi-schema';

const document: OpenApiDocument = {
  paths: {
    '/api/v1/cases/{caseId}/dispatch': {
      post: {
        requestBody: {
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/DispatchCaseRequestDto' } },
          },
        },
      },
    },
    '/api/v1/cases/{caseId}/start': { post: {} },
  },
  components: {
    schemas: {
      HandlingUnitDto: {
        type: 'object',
        properties: { unitId: { type: 'string', format: 'uuid' }, name: { type: 'string', maxLength: 100 } },
        required: ['unitId'],
      },
      ReasonDto: { type: 'object', properties: { reason: { type: 'string', maxLength: 2000 } } },
      DispatchCaseRequestDto: {
        allOf: [{ $ref: '#/components/schemas/ReasonDto' }],
        type: 'object',
        properties: {
          unit: { $ref: '#/components/schemas/HandlingUnitDto' },
          urgency: { type: 'string', enum: ['emergency', 'general'] },
          dueOn: { type: 'string', format: 'date' },
          officers: { type: 'array', items: { type: 'string' } },
          parties: {
            type: 'array',
            items: { type: 'object', properties: { name: { type: 'string' }, fine: { type: 'integer' } } },
          },
        },
        required: ['unit'],
      },
    },
  },
};

describe('forms generated from an action request schema in the OpenAPI document', () => {
  const schema = requestSchemaOf(document, '/api/v1/cases/{caseId}/dispatch')!;
  const fields = formFields(document, schema);

  it('resolves $ref and allOf into one field tree, with kinds, requiredness and limits', () => {
    expect(fields.map((field) => [field.name, field.kind, field.required])).toEqual([
      ['reason', 'longText', false],
      ['unit', 'object', true],
      ['urgency', 'enum', false],
      ['dueOn', 'date', false],
      ['officers', 'tags', false],
      ['parties', 'list', false],
    ]);
    const unit = fields.find((field) => field.name === 'unit')!;
    expect(unit.children!.map((field) => [field.path.join('.'), field.required, field.maxLength])).toEqual([
      ['unit.unitId', true, undefined],
      ['unit.name', false, 100],
    ]);
    expect(fields.find((field) => field.name === 'parties')!.children!.map((field) => field.kind)).toEqual([
      'text',
      'integer',
    ]);
  });

  it('has no form for an action whose route declares no body', () => {
    expect(requestSchemaOf(document, '/api/v1/cases/{caseId}/start')).toBeUndefined();
    expect(requestSchemaOf(document, '/api/v1/cases/{caseId}/unknown')).toBeUndefined();
  });

  it('leaves empty inputs out of the body and keeps what was filled in', () => {
    expect(
      bodyFromValues(fields, {
        reason: '  ',
        unit: { unitId: 'u-1', name: '' },
        officers: [],
        parties: [{ name: '张三', fine: 500 }, { name: '' }],
      }),
    ).toEqual({ unit: { unitId: 'u-1' }, parties: [{ name: '张三', fine: 500 }] });
  });
});
