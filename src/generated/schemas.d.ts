/* Generated from schemas/ by scripts/gen.mjs (npm run gen). Do not edit. */
export declare const schemas: Record<string, Record<string, unknown>>;
