/** What an importer (OpenAPI, Postman) makes of an API description: one connector's YAML. */
export interface ConnectorImport {
  /** The connector's YAML text. */
  text: string;
  /** Endpoint names, in document order. */
  endpoints: string[];
  /** What was left out or needs a look (an unsupported method or security scheme). */
  notes: string[];
}

export interface ConnectorImportOptions {
  /** The connector's name. */
  name: string;
  /** Where the document came from, for the header comment. */
  source: string;
  /** Only operations with one of these tags (a Postman collection's folders are its tags). */
  tags?: readonly string[];
  /** Only these operations (by operationId or request name, or the endpoint name weft gives them). */
  operations?: readonly string[];
}

/** Raised when the input is not a document the importer takes: its message is for the user as it is. */
export class ImportError extends Error {}
