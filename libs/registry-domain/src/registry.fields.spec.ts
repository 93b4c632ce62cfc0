import { describe, expect, it } from '@jest/globals';
import { unclassifiedStringFields } from '#domain-kernel';
import { decideAll } from './registry.decider.js';
import { initialRegistryState } from './registry.state.js';
import { REGISTRY_EVENT_FIELDS } from './registry.fields.js';
import { buildDemoDistrict } from './seed/demo-district.seed.js';

/**
 * Every string field of the registry events has a class (docs/adr/0008, "Field classes"), checked
 * on the demo district's events; the decider specifications check every event they use too.
 */
describe('registry event field classes', () => {
  const { events } = decideAll(buildDemoDistrict(), initialRegistryState());
  const seen = new Set<string>(events.map((event) => event.type));

  it.each(Object.keys(REGISTRY_EVENT_FIELDS).filter((type) => seen.has(type)))(
    '%s: the demo district carries no unclassified string field',
    (type) => {
      for (const event of events.filter((candidate) => candidate.type === type))
        expect(unclassifiedStringFields(event, REGISTRY_EVENT_FIELDS)).toEqual([]);
    },
  );
});
