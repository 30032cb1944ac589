// Types of scripts/gen-docs.mjs, for the tests that import it.
export declare const documentedKinds: readonly { kind: string; file: string; page: string }[];
export declare const referenceDirectory: string;
export declare function referenceDocs(schemas: Record<string, Record<string, unknown>>): Record<string, string>;
export declare function code(value: string): string;
export declare function text(value: string): string;
