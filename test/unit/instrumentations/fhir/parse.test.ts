import { describe, expect, test } from 'vitest';
import { fhirSpanName, maskQuery, parseFhirUrl } from '../../../../instrumentations/fhir/index.js';

describe('parseFhirUrl', () => {
  test.each([
    ['GET', '/fhir/Patient/123', 'read', 'Patient', '/fhir/Patient/:id'],
    ['GET', 'https://ehr.example/baseR4/Patient/abc-9/_history/4', 'vread', 'Patient', '/baseR4/Patient/:id/_history/:vid'],
    ['GET', '/fhir/Observation?patient=123&code=8867-4', 'search', 'Observation', '/fhir/Observation'],
    ['POST', '/fhir/Observation/_search', 'search', 'Observation', '/fhir/Observation/_search'],
    ['POST', '/fhir/Patient', 'create', 'Patient', '/fhir/Patient'],
    ['PUT', '/fhir/Patient/123', 'update', 'Patient', '/fhir/Patient/:id'],
    ['PATCH', '/Patient/123', 'patch', 'Patient', '/Patient/:id'],
    ['DELETE', '/fhir/Encounter/e1', 'delete', 'Encounter', '/fhir/Encounter/:id'],
    ['GET', '/fhir/Patient/123/_history', 'history', 'Patient', '/fhir/Patient/:id/_history'],
    ['GET', '/fhir/Patient/_history', 'history', 'Patient', '/fhir/Patient/_history'],
    ['GET', '/fhir/Patient/123/$everything', 'operation', 'Patient', '/fhir/Patient/:id/$everything'],
    ['POST', '/fhir/Patient/$match', 'operation', 'Patient', '/fhir/Patient/$match'],
    ['GET', '/fhir/Patient/123/Observation', 'search', 'Observation', '/fhir/Patient/:id/Observation'],
    ['GET', 'http://h:8080/fhir/metadata', 'capabilities', undefined, '/fhir/metadata'],
    ['GET', '/fhir/_history', 'history', undefined, '/fhir/_history'],
  ])('%s %s → %s %s', (method, url, interaction, type, path) => {
    const call = parseFhirUrl(method, url);
    expect(call?.interaction).toBe(interaction);
    expect(call?.resourceType).toBe(type);
    expect(call?.path).toBe(path);
  });

  test.each([
    ['GET', '/api/patients/123'],
    ['GET', '/Users/42'],
    ['POST', '/fhir/Patient/123'],
    ['GET', '/health'],
  ])('not FHIR: %s %s', (method, url) => {
    expect(parseFhirUrl(method, url)).toBeUndefined();
  });

  test('extra resource types can be named', () => {
    expect(parseFhirUrl('GET', '/fhir/ClinicNote/9', new Set(['ClinicNote']))?.resourceType).toBe('ClinicNote');
  });

  test('span names and masked queries', () => {
    expect(fhirSpanName(parseFhirUrl('GET', '/Patient/1')!)).toBe('FHIR read Patient');
    expect(fhirSpanName(parseFhirUrl('GET', '/Patient/1/$everything')!)).toBe('FHIR operation $everything Patient');
    expect(fhirSpanName(parseFhirUrl('GET', '/metadata')!)).toBe('FHIR capabilities');
    expect(maskQuery('name=Jane%20Roe&birthdate=1980-01-01&_count')).toBe('name=?&birthdate=?&_count');
  });
});
