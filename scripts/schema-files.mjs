// The schema files and the ajv options they are compiled with, shared by scripts/gen.mjs.
export const schemaFiles = ['defs.schema.json', 'project.schema.json', 'connector.schema.json', 'instance.schema.json', 'flow.schema.json', 'lookup.schema.json', 'test.schema.json', 'weft.schema.json'];
export const resourceKinds = ['project', 'connector', 'instance', 'flow', 'lookup', 'test'];
export const schemaId = (kind) => `https://weft.dev/schemas/v1/${kind}.schema.json`;
export const ajvOptions = { allErrors: true, verbose: true, discriminator: true, strict: true, strictRequired: false, allowUnionTypes: true };
