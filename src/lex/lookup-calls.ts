import { expressionFacts, type LookupCall } from './expression-facts.js';

export type { LookupCall };

/** The lookup tables an expression names by a literal (`$lookup('countries', code)`); none for one that does not parse. */
export function lookupCalls(text: string): LookupCall[] {
  return expressionFacts(text).lookupCalls;
}
