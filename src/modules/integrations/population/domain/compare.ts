/**
 * The comparison of what the applicant declared with what the population database holds (pure).
 * Names and addresses are compared after Unicode NFC, case folding and collapsing spaces (and the spaces
 * around commas in addresses) — nothing fuzzier: diacritics are part of a Vietnamese name ("Lê" and "Le" are
 * different names), so a missing or different mark is a mismatch the officer must look at. An address matches
 * the permanent or the current address. A birth date the registry knows only by its year (yyyy) matches any
 * date of that year. A field the applicant did not declare, or the registry does not hold, is not compared.
 */
import type { PopulationDifference } from '../../../../platform/db/schema-population.ts';
import type { RegistryPerson } from '../client.ts';

export interface Declared {
  fullName: string;
  birthDate?: string | null;
  address?: string | null;
}

export function normaliseName(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/gu, ' ').trim();
}

export function normaliseAddress(s: string): string {
  return normaliseName(s).replace(/\s*,\s*/gu, ', ').replace(/[\s,.]+$/u, '');
}

function birthDateMatches(declared: string, registry: string): boolean {
  return registry.length === 4 ? declared.slice(0, 4) === registry : declared === registry;
}

/** The fields that differ, each with the registry's value (the declared one is on the dossier already). */
export function compareWithRegistry(declared: Declared, person: RegistryPerson): PopulationDifference[] {
  const out: PopulationDifference[] = [];
  if (normaliseName(declared.fullName) !== normaliseName(person.fullName)) out.push({ field: 'fullName', registry: person.fullName });
  if (declared.birthDate && person.birthDate && !birthDateMatches(declared.birthDate, person.birthDate)) out.push({ field: 'birthDate', registry: person.birthDate });
  const addresses = [person.currentAddress, person.permanentAddress].filter((a): a is string => !!a);
  if (declared.address && addresses.length > 0 && !addresses.some((a) => normaliseAddress(a) === normaliseAddress(declared.address!))) {
    // Where the person lives now is what an application's address normally is; the permanent one when none is registered.
    out.push({ field: 'address', registry: addresses[0]! });
  }
  return out;
}
