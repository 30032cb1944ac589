/** Every diagnostic code weft reports. Codes are stable API: never rename one. */
export const diagnosticCodes = {
  'yaml-syntax': { severity: 'error', description: 'The YAML does not parse (or the file is not UTF-8 text).' },
  'duplicate-key': { severity: 'error', description: 'A mapping repeats a key.' },
  'not-a-resource': { severity: 'error', description: 'A document without apiVersion weft/v1 or a known kind.' },
  schema: { severity: 'error', description: 'The document violates the JSON Schema of its kind.' },
  'duplicate-name': { severity: 'error', description: 'Two resources of one kind share a name.' },
  'unknown-connector': { severity: 'error', description: 'An instance names a connector that is not defined.' },
  'unknown-instance': { severity: 'error', description: 'A flow names an instance that is not defined.' },
  'unknown-endpoint': { severity: 'error', description: "A step names an endpoint its instance's connector does not define." },
  'unknown-auth-method': { severity: 'error', description: "An instance picks an auth method its connector does not define." },
  'connector-version': { severity: 'error', description: "An instance's version range matches no connector version in the project." },
  'invalid-settings': { severity: 'error', description: "Instance settings fail the connector's settings schema." },
  'missing-credential': { severity: 'error', description: 'An instance lacks a credential its connector requires.' },
  'unknown-credential': { severity: 'error', description: 'An instance supplies a credential its connector does not declare.' },
  'plaintext-secret': { severity: 'error', description: 'A literal where a placeholder belongs, or a value that looks like a secret.' },
  'bad-placeholder': { severity: 'error', description: 'A malformed ${...} placeholder.' },
  'unknown-template-ref': { severity: 'error', description: 'A {{...}} template names something that is not declared.' },
  'wrong-connector-type': { severity: 'error', description: 'An event instance where an http one belongs, or the reverse.' },
  'missing-input': { severity: 'error', description: "A step lacks an input its endpoint requires." },
  'unknown-input': { severity: 'error', description: 'A step supplies an input its endpoint does not declare.' },
  'bad-cron': { severity: 'error', description: 'A cron expression does not parse.' },
  'bad-timezone': { severity: 'error', description: 'A time zone is not an IANA zone.' },
  'bad-expression': { severity: 'error', description: 'A JSONata expression does not parse.' },
  'duplicate-step-id': { severity: 'error', description: 'Two steps of one flow share an id.' },
  'duplicate-webhook-path': { severity: 'error', description: 'Two flows listen on one webhook path.' },
  'unused-instance': { severity: 'warning', description: 'No flow uses the instance.' },
  'unused-connector': { severity: 'warning', description: 'No instance uses the connector.' },
  'unresolved-placeholder': { severity: 'error', description: 'The target engine cannot resolve a placeholder.' },
} as const satisfies Record<string, { severity: Severity; description: string }>;

export type Severity = 'error' | 'warning';
export type DiagnosticCode = keyof typeof diagnosticCodes;
