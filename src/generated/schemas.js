/* Generated from schemas/ by scripts/gen.mjs (npm run gen). Do not edit. */
/** The JSON Schemas of schemas/, by file name. */
export const schemas = {
  "defs.schema.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://weft.dev/schemas/v1/defs.schema.json",
    "title": "weft shared definitions",
    "description": "Definitions shared by every weft resource schema.",
    "$defs": {
      "name": {
        "title": "ResourceName",
        "description": "A resource name: lowercase letters, digits and '-', starting with a letter, at most 63 characters.",
        "type": "string",
        "pattern": "^[a-z][a-z0-9-]{0,62}$"
      },
      "apiVersion": {
        "description": "The weft file format version. Always 'weft/v1'.",
        "const": "weft/v1"
      },
      "metadata": {
        "title": "Metadata",
        "description": "Identity of a resource.",
        "type": "object",
        "properties": {
          "name": { "$ref": "#/$defs/name", "description": "The resource's name, unique per kind." },
          "description": { "description": "Free text shown in plans and graphs.", "type": "string" },
          "labels": {
            "description": "String labels for grouping and filtering (for example team: ecommerce).",
            "type": "object",
            "propertyNames": { "pattern": "^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$" },
            "additionalProperties": { "type": "string" }
          },
          "previousNames": {
            "description": "Names this resource had before: plan and apply treat it as a rename, keeping its identity and history.",
            "type": "array",
            "items": { "$ref": "#/$defs/name", "type": "string" },
            "uniqueItems": true
          }
        },
        "required": ["name"],
        "additionalProperties": false
      },
      "stringMap": {
        "title": "StringMap",
        "description": "A map of string values, which may hold templates and placeholders.",
        "type": "object",
        "additionalProperties": { "type": "string" }
      },
      "scalarMap": {
        "title": "ScalarMap",
        "description": "A map of scalar values (string, number or boolean), which may hold templates and placeholders.",
        "type": "object",
        "additionalProperties": { "type": ["string", "number", "boolean"] }
      },
      "placeholder": {
        "title": "Placeholder",
        "description": "Exactly one placeholder resolved by the engine at run time: ${secret:path/segments} or ${env:NAME}.",
        "type": "string"
      },
      "semver": {
        "title": "SemVer",
        "description": "A semantic version, for example 1.4.0.",
        "type": "string",
        "pattern": "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$"
      },
      "jsonSchemaObject": {
        "title": "JsonSchemaObject",
        "description": "A JSON Schema (2020-12) describing an object.",
        "type": "object",
        "properties": {
          "type": { "description": "Always 'object'.", "const": "object" }
        },
        "additionalProperties": true
      },
      "jsonSchemaMap": {
        "title": "JsonSchemaMap",
        "description": "JSON Schemas by property name.",
        "type": "object",
        "additionalProperties": {
          "description": "A JSON Schema (2020-12) for one property.",
          "type": "object",
          "additionalProperties": true
        }
      }
    }
  },
  "project.schema.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://weft.dev/schemas/v1/project.schema.json",
    "title": "Project",
    "description": "The project file, weft.yaml at the project's root.",
    "type": "object",
    "properties": {
      "apiVersion": { "$ref": "defs.schema.json#/$defs/apiVersion" },
      "kind": { "description": "Always 'Project'.", "const": "Project" },
      "metadata": { "$ref": "defs.schema.json#/$defs/metadata" },
      "spec": {
        "title": "ProjectSpec",
        "description": "Project-wide settings.",
        "type": "object",
        "properties": {
          "exclude": {
            "description": "Globs, relative to the project root, of YAML files that are not weft resources (for example fixtures/**).",
            "type": "array",
            "items": { "type": "string", "minLength": 1 }
          },
          "egress": {
            "title": "EgressPolicy",
            "description": "Where the engine's HTTP requests may go, checked on the address each connection is made to. Link-local addresses and cloud metadata addresses are refused unless allowed here by address; the engine's own listen address is always refused.",
            "type": "object",
            "properties": {
              "allow": {
                "description": "When given, the only destinations: host names (api.example.com), every subdomain of one (*.example.com), IP addresses and CIDR ranges (10.0.0.0/8).",
                "type": "array",
                "items": { "type": "string", "minLength": 1 }
              },
              "deny": {
                "description": "Destinations refused, in the same forms; a deny wins over an allow.",
                "type": "array",
                "items": { "type": "string", "minLength": 1 }
              }
            },
            "additionalProperties": false
          },
          "testing": {
            "title": "TestingSettings",
            "description": "What weft validate says about the project's tests (documents of kind Test, run by weft test).",
            "type": "object",
            "properties": {
              "warnUntestedFlows": { "description": "Warn (untested-flow) for every flow that no test runs.", "type": "boolean", "default": false }
            },
            "additionalProperties": false
          },
          "engine": {
            "$ref": "#/$defs/engineTarget",
            "description": "The engine that plan and apply reconcile into, for a project without environments. Default: the embedded local engine in .weft/."
          },
          "variables": {
            "description": "Project variables, by name: non-secret values that ${var:name} placeholders take at compile time, per environment.",
            "type": "object",
            "propertyNames": { "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
            "additionalProperties": {
              "title": "VariableDeclaration",
              "description": "A variable's type, and the value it takes where an environment gives none.",
              "type": "object",
              "properties": {
                "type": { "description": "The type every value of the variable must have.", "enum": ["string", "number", "integer", "boolean"] },
                "default": { "$ref": "#/$defs/variableValue", "description": "The value when the environment gives none. Without a default, every environment that uses the variable must give a value." },
                "description": { "description": "What the variable is for.", "type": "string" }
              },
              "required": ["type"],
              "additionalProperties": false
            }
          },
          "environments": {
            "description": "The environments the project deploys to, by name (for example staging, production); each has its own engine and variable values. Commands take --env <name>.",
            "type": "object",
            "propertyNames": { "pattern": "^[a-z][a-z0-9-]{0,62}$" },
            "additionalProperties": {
              "title": "Environment",
              "description": "One environment: the engine it reconciles into and the values of the project's variables there.",
              "type": "object",
              "properties": {
                "description": { "description": "What the environment is for.", "type": "string" },
                "engine": {
                  "$ref": "#/$defs/engineTarget",
                  "description": "The environment's remote engine. Default: an embedded local engine of its own, in .weft/env/<name>/."
                },
                "values": {
                  "description": "The values of the project's variables in this environment, by name.",
                  "type": "object",
                  "propertyNames": { "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
                  "additionalProperties": { "$ref": "#/$defs/variableValue" }
                },
                "overlay": {
                  "$ref": "#/$defs/projectFolder",
                  "description": "The folder of the environment's overlay files, relative to the project root (default environments/<name>/). Its files are not read as resources of the project."
                }
              },
              "additionalProperties": false
            }
          },
          "defaultEnvironment": {
            "$ref": "defs.schema.json#/$defs/name",
            "description": "The environment commands use without --env. Default: the only environment, when there is one; with several, commands need --env."
          }
        },
        "additionalProperties": false
      }
    },
    "required": ["apiVersion", "kind", "metadata"],
    "additionalProperties": false,
    "$defs": {
      "engineTarget": {
        "title": "EngineTarget",
        "description": "A remote engine (started with 'weft engine start') and its admin token.",
        "type": "object",
        "properties": {
          "url": { "description": "Base URL of a remote engine started with 'weft engine start'.", "type": "string", "pattern": "^https?://" },
          "token": { "$ref": "defs.schema.json#/$defs/placeholder", "description": "Bearer token for the engine's admin API, as a placeholder such as ${env:WEFT_ENGINE_TOKEN}." }
        },
        "required": ["url"],
        "additionalProperties": false
      },
      "variableValue": {
        "title": "VariableValue",
        "description": "A variable's value: a string, a number or a boolean, of the variable's declared type.",
        "type": ["string", "number", "boolean"]
      },
      "projectFolder": {
        "title": "ProjectFolder",
        "description": "A folder inside the project, relative to its root, '/'-separated, without '.' or '..' segments.",
        "type": "string",
        "pattern": "^(?!/)(?!.*(?:^|/)\\.{1,2}(?:/|$))[^\\\\]+$"
      }
    }
  },
  "connector.schema.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://weft.dev/schemas/v1/connector.schema.json",
    "title": "Connector",
    "description": "A generic integration of one third-party system, written once and used by many instances.",
    "type": "object",
    "properties": {
      "apiVersion": { "$ref": "defs.schema.json#/$defs/apiVersion" },
      "kind": { "description": "Always 'Connector'.", "const": "Connector" },
      "metadata": { "$ref": "defs.schema.json#/$defs/metadata" },
      "spec": { "$ref": "#/$defs/connectorSpec" }
    },
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": false,
    "$defs": {
      "connectorSpec": {
        "title": "ConnectorSpec",
        "description": "What the connector talks to and what an instance must supply.",
        "type": "object",
        "properties": {
          "version": { "$ref": "defs.schema.json#/$defs/semver", "description": "The connector's semantic version; instances may pin a range of it." },
          "type": { "description": "'http' for REST APIs, 'event' for message brokers.", "enum": ["http", "event"], "default": "http" },
          "http": { "$ref": "#/$defs/http" },
          "event": { "$ref": "#/$defs/event" },
          "settings": {
            "$ref": "defs.schema.json#/$defs/jsonSchemaObject",
            "description": "A JSON Schema (type object) for an instance's settings.",
            "default": { "type": "object" }
          },
          "credentials": {
            "description": "The secret fields an instance supplies, by name.",
            "type": "object",
            "propertyNames": { "pattern": "^[A-Za-z][A-Za-z0-9_]*$" },
            "additionalProperties": { "$ref": "#/$defs/credential" },
            "default": {}
          },
          "auth": {
            "description": "Named authentication methods; an instance picks one (default: the first).",
            "type": "object",
            "propertyNames": { "pattern": "^[A-Za-z][A-Za-z0-9_-]*$" },
            "additionalProperties": { "$ref": "#/$defs/authMethod" }
          },
          "endpoints": {
            "description": "Named operations of the API, used by flow steps.",
            "type": "object",
            "propertyNames": { "pattern": "^[A-Za-z][A-Za-z0-9_-]*$" },
            "additionalProperties": { "$ref": "#/$defs/endpoint" },
            "default": {}
          }
        },
        "required": ["version"],
        "additionalProperties": false,
        "allOf": [
          {
            "if": { "properties": { "type": { "const": "event" } }, "required": ["type"] },
            "then": {
              "required": ["event"],
              "properties": { "http": false, "auth": false, "endpoints": false }
            }
          },
          {
            "if": { "properties": { "type": { "const": "http" } } },
            "then": {
              "required": ["http"],
              "properties": { "event": false }
            }
          }
        ]
      },
      "credential": {
        "title": "CredentialDeclaration",
        "description": "One secret field an instance supplies.",
        "type": "object",
        "properties": {
          "description": { "description": "What the credential is, shown to whoever configures an instance.", "type": "string" },
          "required": { "description": "Whether every instance must supply it.", "type": "boolean", "default": true }
        },
        "additionalProperties": false
      },
      "http": {
        "title": "HttpConfig",
        "description": "How to reach the HTTP API.",
        "type": "object",
        "properties": {
          "baseUrl": { "description": "Base URL of every endpoint; may use {{settings.x}} templates.", "type": "string", "minLength": 1 },
          "headers": { "$ref": "defs.schema.json#/$defs/stringMap", "description": "Headers sent with every request." },
          "timeoutMs": { "description": "Total deadline of one request, in milliseconds.", "type": "integer", "minimum": 1, "maximum": 600000, "default": 30000 },
          "maxResponseBytes": { "description": "Largest response body accepted, in bytes.", "type": "integer", "minimum": 1024, "default": 10485760 },
          "retry": { "$ref": "#/$defs/retry" },
          "rateLimit": { "$ref": "#/$defs/rateLimit" }
        },
        "required": ["baseUrl"],
        "additionalProperties": false
      },
      "retry": {
        "title": "RetryPolicy",
        "description": "Retries with exponential backoff and jitter, honouring Retry-After.",
        "type": "object",
        "properties": {
          "maxAttempts": { "description": "Attempts in all, the first included.", "type": "integer", "minimum": 1, "maximum": 20, "default": 3 },
          "initialDelayMs": { "description": "Delay before the first retry; doubles each attempt.", "type": "integer", "minimum": 0, "maximum": 600000, "default": 500 },
          "maxDelayMs": { "description": "Largest delay between attempts, Retry-After included.", "type": "integer", "minimum": 0, "maximum": 3600000, "default": 30000 },
          "on": {
            "description": "HTTP statuses that are retried (network errors always are).",
            "type": "array",
            "items": { "type": "integer", "minimum": 100, "maximum": 599 },
            "uniqueItems": true,
            "default": [429, 500, 502, 503, 504]
          }
        },
        "additionalProperties": false,
        "default": {}
      },
      "rateLimit": {
        "title": "RateLimit",
        "description": "A token bucket shared by all requests of one instance.",
        "type": "object",
        "properties": {
          "requestsPerSecond": { "description": "Sustained request rate.", "type": "number", "exclusiveMinimum": 0 },
          "burst": { "description": "Requests allowed at once before the rate applies.", "type": "integer", "minimum": 1 }
        },
        "required": ["requestsPerSecond"],
        "additionalProperties": false
      },
      "event": {
        "title": "EventConfig",
        "description": "The message broker this event connector talks to.",
        "type": "object",
        "properties": {
          "broker": { "description": "The broker's protocol; 'rabbitmq' is AMQP 0-9-1.", "enum": ["rabbitmq"] }
        },
        "required": ["broker"],
        "additionalProperties": false
      },
      "authMethod": {
        "title": "AuthMethod",
        "description": "One way to authenticate; templates may use {{credentials.x}} and {{settings.x}}.",
        "type": "object",
        "required": ["type"],
        "discriminator": { "propertyName": "type" },
        "oneOf": [
          {
            "title": "NoAuth",
            "type": "object",
            "properties": { "type": { "description": "No authentication.", "const": "none" } },
            "additionalProperties": false
          },
          {
            "title": "BasicAuth",
            "type": "object",
            "properties": {
              "type": { "description": "HTTP Basic authentication.", "const": "basic" },
              "username": { "description": "User name (template).", "type": "string" },
              "password": { "description": "Password (template, usually {{credentials.x}}).", "type": "string" }
            },
            "required": ["username", "password"],
            "additionalProperties": false
          },
          {
            "title": "BearerAuth",
            "type": "object",
            "properties": {
              "type": { "description": "Authorization: Bearer <token>.", "const": "bearer" },
              "token": { "description": "The token (template, usually {{credentials.x}}).", "type": "string" }
            },
            "required": ["token"],
            "additionalProperties": false
          },
          {
            "title": "ApiKeyAuth",
            "type": "object",
            "properties": {
              "type": { "description": "An API key in a header or query parameter.", "const": "apiKey" },
              "in": { "description": "Where the key goes.", "enum": ["header", "query"], "default": "header" },
              "name": { "description": "Header or query parameter name.", "type": "string", "minLength": 1 },
              "value": { "description": "The key (template, usually {{credentials.x}}).", "type": "string" }
            },
            "required": ["name", "value"],
            "additionalProperties": false
          },
          {
            "title": "OAuth2Auth",
            "type": "object",
            "properties": {
              "type": { "description": "OAuth 2.0; tokens are cached and refreshed before expiry.", "const": "oauth2" },
              "grant": { "description": "The grant used to obtain tokens.", "enum": ["client_credentials", "refresh_token"] },
              "tokenUrl": { "description": "The token endpoint (template).", "type": "string", "minLength": 1 },
              "clientId": { "description": "Client id (template).", "type": "string" },
              "clientSecret": { "description": "Client secret (template, usually {{credentials.x}}).", "type": "string" },
              "refreshToken": { "description": "Refresh token for the refresh_token grant (template).", "type": "string" },
              "scopes": { "description": "Scopes requested.", "type": "array", "items": { "type": "string" } }
            },
            "required": ["grant", "tokenUrl", "clientId"],
            "additionalProperties": false,
            "if": { "properties": { "grant": { "const": "refresh_token" } }, "required": ["grant"] },
            "then": { "required": ["refreshToken"] }
          }
        ]
      },
      "endpoint": {
        "title": "Endpoint",
        "description": "One operation of the API.",
        "type": "object",
        "properties": {
          "description": { "description": "What the endpoint does, for people reading the connector.", "type": "string" },
          "method": { "description": "HTTP method.", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE"], "default": "GET" },
          "path": { "description": "Path below baseUrl; templates are URL-encoded. An {{input.x}} in the path makes that input required.", "type": "string", "pattern": "^/" },
          "headers": { "$ref": "defs.schema.json#/$defs/stringMap", "description": "Headers for this endpoint (templates allowed)." },
          "query": { "$ref": "defs.schema.json#/$defs/scalarMap", "description": "Query parameters; one that renders empty is left out." },
          "body": { "description": "Request body; a string that is exactly one template keeps the value's type ({{record}} sends the record)." },
          "inputs": { "$ref": "defs.schema.json#/$defs/jsonSchemaMap", "description": "JSON Schema properties of a step's 'input' for this endpoint." },
          "requiredInputs": {
            "description": "Inputs a step must supply (inputs used in 'path' are required anyway).",
            "type": "array",
            "items": { "type": "string" },
            "uniqueItems": true
          },
          "pagination": { "$ref": "#/$defs/pagination" },
          "records": { "description": "Dot path to the array of records in the response body; absent: the body itself.", "type": "string" },
          "idempotent": { "description": "Whether a non-idempotent method (POST, PATCH) may be retried after a failure that may have left it processed (500, 502, 504, a 503 without Retry-After, a network error). A 429, or a 503 with Retry-After, is retried for every method.", "type": "boolean" },
          "idempotencyKeyHeader": {
            "description": "Header that carries the idempotency key of a send in an event-triggered run (derived from the message id, the step and the record), so a sink that honours it applies a redelivered message once.",
            "type": "string",
            "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
            "default": "Idempotency-Key"
          }
        },
        "required": ["path"],
        "additionalProperties": false
      },
      "pagination": {
        "title": "Pagination",
        "description": "How to follow pages of results.",
        "type": "object",
        "required": ["type"],
        "discriminator": { "propertyName": "type" },
        "oneOf": [
          {
            "title": "NoPagination",
            "type": "object",
            "properties": { "type": { "description": "One request, one page.", "const": "none" } },
            "additionalProperties": false
          },
          {
            "title": "PagePagination",
            "type": "object",
            "properties": {
              "type": { "description": "Numbered pages.", "const": "page" },
              "param": { "description": "Query parameter of the page number.", "type": "string", "default": "page" },
              "sizeParam": { "description": "Query parameter of the page size.", "type": "string" },
              "size": { "description": "Page size requested.", "type": "integer", "minimum": 1 },
              "start": { "description": "Number of the first page.", "type": "integer", "minimum": 0, "default": 1 }
            },
            "additionalProperties": false
          },
          {
            "title": "OffsetPagination",
            "type": "object",
            "properties": {
              "type": { "description": "Offset and limit.", "const": "offset" },
              "param": { "description": "Query parameter of the offset.", "type": "string", "default": "offset" },
              "limitParam": { "description": "Query parameter of the limit.", "type": "string", "default": "limit" },
              "limit": { "description": "Records per request.", "type": "integer", "minimum": 1, "default": 100 }
            },
            "additionalProperties": false
          },
          {
            "title": "CursorPagination",
            "type": "object",
            "properties": {
              "type": { "description": "A cursor from the response body.", "const": "cursor" },
              "param": { "description": "Query parameter the cursor is sent in.", "type": "string" },
              "cursorPath": { "description": "Dot path to the next cursor in the response body; empty or absent ends.", "type": "string" }
            },
            "required": ["param", "cursorPath"],
            "additionalProperties": false
          },
          {
            "title": "LinkHeaderPagination",
            "type": "object",
            "properties": {
              "type": { "description": "RFC 8288 Link header with rel=\"next\".", "const": "link-header" },
              "allowedOrigins": {
                "description": "Other origins (scheme://host[:port]) a next link may point to. By default a next link must have the request's origin. A page on another origin is fetched without the instance's credentials.",
                "type": "array",
                "items": { "type": "string", "pattern": "^https?://[^/?#@]+$" },
                "uniqueItems": true
              }
            },
            "additionalProperties": false
          }
        ]
      }
    }
  },
  "instance.schema.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://weft.dev/schemas/v1/instance.schema.json",
    "title": "Instance",
    "description": "One configured use of a connector: its settings and its credentials.",
    "type": "object",
    "properties": {
      "apiVersion": { "$ref": "defs.schema.json#/$defs/apiVersion" },
      "kind": { "description": "Always 'Instance'.", "const": "Instance" },
      "metadata": { "$ref": "defs.schema.json#/$defs/metadata" },
      "spec": {
        "title": "InstanceSpec",
        "description": "The instance's connector, settings and credentials.",
        "type": "object",
        "properties": {
          "connector": {
            "description": "The connector's name, optionally with a semver range: shopify or shopify@^1.2.",
            "type": "string",
            "pattern": "^[a-z][a-z0-9-]{0,62}(@[^@]+)?$"
          },
          "auth": { "description": "One of the connector's auth methods. Default: the connector's first.", "type": "string" },
          "settings": {
            "description": "Settings, validated against the connector's settings schema.",
            "type": "object",
            "default": {}
          },
          "credentials": {
            "description": "Credentials by name, each exactly one placeholder (${secret:...} or ${env:...}); never a literal.",
            "type": "object",
            "additionalProperties": { "$ref": "defs.schema.json#/$defs/placeholder" },
            "default": {}
          }
        },
        "required": ["connector"],
        "additionalProperties": false
      }
    },
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": false
  },
  "flow.schema.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://weft.dev/schemas/v1/flow.schema.json",
    "title": "Flow",
    "description": "A process flow: a trigger and the steps records flow through.",
    "type": "object",
    "properties": {
      "apiVersion": { "$ref": "defs.schema.json#/$defs/apiVersion" },
      "kind": { "description": "Always 'Flow'.", "const": "Flow" },
      "metadata": { "$ref": "defs.schema.json#/$defs/metadata" },
      "spec": { "$ref": "#/$defs/flowSpec" }
    },
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": false,
    "$defs": {
      "flowSpec": {
        "title": "FlowSpec",
        "description": "When the flow runs and what it does.",
        "type": "object",
        "properties": {
          "enabled": { "description": "A disabled flow is deployed but never triggered.", "type": "boolean", "default": true },
          "concurrency": { "description": "At most this many runs of the flow at once.", "type": "integer", "minimum": 1, "maximum": 64, "default": 1 },
          "onError": { "description": "What a run does when a record fails: 'continue' with the rest (the run is partial) or 'stop'.", "enum": ["continue", "stop"], "default": "continue" },
          "variables": {
            "description": "The flow's variables, by name, with their values: read as $vars.name in JSONata and {{vars.name}} in templates. An environment's overlay may patch them.",
            "type": "object",
            "propertyNames": { "pattern": "^[A-Za-z_][A-Za-z0-9_]{0,62}$" },
            "additionalProperties": true
          },
          "trigger": { "$ref": "#/$defs/trigger" },
          "steps": { "$ref": "#/$defs/steps", "description": "Steps in order; records flow through them." }
        },
        "required": ["trigger", "steps"],
        "additionalProperties": false
      },
      "trigger": {
        "title": "Trigger",
        "description": "Exactly one of schedule, webhook, event or manual.",
        "type": "object",
        "properties": {
          "schedule": {
            "title": "ScheduleTrigger",
            "description": "Run on a cron schedule.",
            "type": "object",
            "properties": {
              "cron": { "description": "A cron expression (5 or 6 fields).", "type": "string" },
              "timezone": { "description": "IANA time zone of the schedule.", "type": "string", "default": "UTC" }
            },
            "required": ["cron"],
            "additionalProperties": false
          },
          "webhook": {
            "title": "WebhookTrigger",
            "description": "Run on POST /hooks/<path>; the body is the first record.",
            "type": "object",
            "properties": {
              "path": { "description": "Path below /hooks/, unique across flows.", "type": "string", "pattern": "^[a-z0-9][a-z0-9/_-]{0,127}$" },
              "hmac": {
                "title": "WebhookHmac",
                "description": "Verify an HMAC signature of the raw body.",
                "type": "object",
                "properties": {
                  "header": { "description": "Header carrying the signature.", "type": "string", "minLength": 1 },
                  "secret": { "$ref": "defs.schema.json#/$defs/placeholder", "description": "Signing secret, as a placeholder." },
                  "algorithm": { "description": "HMAC hash.", "enum": ["sha256", "sha1", "sha512"], "default": "sha256" },
                  "encoding": { "description": "Encoding of the signature in the header.", "enum": ["hex", "base64"], "default": "hex" },
                  "prefix": { "description": "Text before the signature in the header, such as 'sha256='.", "type": "string" },
                  "signedPayload": {
                    "description": "What the signature covers: '{body}' (the raw body, the default), or a template over '{timestamp}' (the timestamp header's value) and '{body}', such as '{timestamp}.{body}' (Stripe) or 'v0:{timestamp}:{body}' (Slack).",
                    "type": "string",
                    "pattern": "^[^{}]*(\\{timestamp\\}[^{}]*)?\\{body\\}[^{}]*$|^[^{}]*\\{body\\}[^{}]*\\{timestamp\\}[^{}]*$",
                    "default": "{body}"
                  },
                  "timestampHeader": { "description": "Header carrying the time the request was sent (Unix seconds or ISO 8601); a request outside toleranceSeconds of the engine's clock is refused with 401.", "type": "string", "minLength": 1 },
                  "toleranceSeconds": { "description": "How far the timestamp header may be from the engine's clock.", "type": "integer", "minimum": 1, "maximum": 86400, "default": 300 },
                  "deliveryIdHeader": { "description": "Header carrying the sender's delivery id (X-Shopify-Webhook-Id, X-GitHub-Delivery): a delivery seen within replayWindowSeconds is answered 200 { duplicate: true, run } without a new run.", "type": "string", "minLength": 1 },
                  "replayWindowSeconds": { "description": "How long a delivery id is remembered.", "type": "integer", "minimum": 60, "maximum": 2592000, "default": 86400 }
                },
                "required": ["header", "secret"],
                "additionalProperties": false
              },
              "maxBodyBytes": { "description": "Largest body accepted.", "type": "integer", "minimum": 1, "maximum": 104857600, "default": 1048576 },
              "public": { "description": "Anyone may start a run: without hmac, say so here (else weft validate warns 'unsigned-webhook').", "type": "boolean", "default": false }
            },
            "required": ["path"],
            "additionalProperties": false
          },
          "event": {
            "title": "EventTrigger",
            "description": "Run for each message from a queue of an event instance.",
            "type": "object",
            "properties": {
              "instance": { "$ref": "defs.schema.json#/$defs/name", "description": "An event instance." },
              "queue": {
                "description": "Queue to consume (it must exist, with a dead-letter exchange). AMQP names: letters, digits, '-', '_', '.', ':'.",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
                "pattern": "^[A-Za-z0-9_.:-]+$"
              },
              "maxAttempts": {
                "description": "Runs of one message before it is rejected to the queue's dead-letter exchange.",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "default": 3
              }
            },
            "required": ["instance", "queue"],
            "additionalProperties": false
          },
          "manual": {
            "title": "ManualTrigger",
            "description": "Run only when asked (weft run, the admin API).",
            "type": "object",
            "additionalProperties": false
          }
        },
        "additionalProperties": false,
        "oneOf": [{ "required": ["schedule"] }, { "required": ["webhook"] }, { "required": ["event"] }, { "required": ["manual"] }]
      },
      "steps": {
        "title": "Steps",
        "description": "Steps in order; records flow through them.",
        "type": "array",
        "items": { "$ref": "#/$defs/step" },
        "minItems": 1
      },
      "step": {
        "title": "Step",
        "description": "One step: exactly one of receive, filter, map, send, publish, route, branch, try, dedupe, cache, split, batch, notify, run or enrich.",
        "type": "object",
        "properties": {
          "id": { "description": "The step's id, unique within the flow.", "type": "string", "pattern": "^[a-z][a-z0-9-]{0,62}$" },
          "description": { "description": "What the step is for, for people reading the flow.", "type": "string" },
          "receive": { "$ref": "#/$defs/endpointCall", "description": "Fetch records from an endpoint of an http instance (pages are streamed)." },
          "filter": { "description": "A JSONata expression per record; a truthy result keeps the record.", "type": "string", "minLength": 1 },
          "map": { "description": "A JSONata expression per record; its result replaces the record.", "type": "string", "minLength": 1 },
          "send": { "$ref": "#/$defs/endpointCall", "description": "Send each record to an endpoint of an http instance." },
          "publish": { "$ref": "#/$defs/publish" },
          "route": { "$ref": "#/$defs/route" },
          "branch": { "$ref": "#/$defs/branch" },
          "try": { "$ref": "#/$defs/try" },
          "dedupe": { "$ref": "#/$defs/dedupe" },
          "cache": { "$ref": "#/$defs/cache" },
          "split": { "$ref": "#/$defs/split" },
          "batch": { "$ref": "#/$defs/batch" },
          "notify": { "$ref": "#/$defs/notify" },
          "run": { "$ref": "#/$defs/runFlow" },
          "enrich": { "$ref": "#/$defs/enrich" },
          "limits": {
            "title": "ExpressionLimits",
            "description": "Bounds on each evaluation of the step's JSONata expression (filter, map), for one record: a record that exceeds one fails with an error naming it. Without them: depth 5000; and for an expression that can run away (one that defines functions, applies them partially, builds ranges or calls $eval) 2000 ms and sequences of 100,000 items, and an evaluation that grows the engine's heap by over 512 MiB is stopped whatever the limits.",
            "type": "object",
            "properties": {
              "timeoutMs": { "description": "Time one evaluation may take, in milliseconds (default 2000).", "type": "integer", "minimum": 1, "maximum": 60000 },
              "maxDepth": { "description": "How deeply evaluation may nest (default 5000); recursion that is not in tail position deepens it by a few levels a call.", "type": "integer", "minimum": 10, "maximum": 100000 },
              "maxSequence": { "description": "Items in any one sequence, ranges such as [1..n] included (default 100000).", "type": "integer", "minimum": 1, "maximum": 10000000 }
            },
            "additionalProperties": false
          }
        },
        "required": ["id"],
        "additionalProperties": false,
        "oneOf": [
          { "required": ["receive"] },
          { "required": ["filter"] },
          { "required": ["map"] },
          { "required": ["send"] },
          { "required": ["publish"] },
          { "required": ["route"] },
          { "required": ["branch"] },
          { "required": ["try"] },
          { "required": ["dedupe"] },
          { "required": ["cache"] },
          { "required": ["split"] },
          { "required": ["batch"] },
          { "required": ["notify"] },
          { "required": ["run"] },
          { "required": ["enrich"] }
        ]
      },
      "listName": { "description": "A name, unique among its siblings: it is part of the path of the steps inside (by-region/uk/push).", "type": "string", "pattern": "^[a-z][a-z0-9-]{0,62}$" },
      "duration": { "description": "A duration: a whole number of seconds, minutes, hours, days or weeks (30s, 15m, 12h, 90d, 2w).", "type": "string", "pattern": "^[1-9][0-9]{0,5}(s|m|h|d|w)$" },
      "route": {
        "title": "Route",
        "description": "Send each record down every route whose condition holds, or down 'otherwise' when none does (a record no route takes, without otherwise, goes no further). Routes run side by side, independently; the records coming out of their ends go on to the next step.",
        "type": "object",
        "properties": {
          "routes": {
            "description": "The routes, each with a name, a condition and its steps.",
            "type": "array",
            "minItems": 1,
            "items": {
              "title": "RouteCase",
              "type": "object",
              "properties": {
                "name": { "$ref": "#/$defs/listName" },
                "when": { "description": "A JSONata condition per record; truthy sends the record down this route.", "type": "string", "minLength": 1 },
                "steps": { "$ref": "#/$defs/steps" }
              },
              "required": ["name", "when", "steps"],
              "additionalProperties": false
            }
          },
          "otherwise": { "$ref": "#/$defs/steps", "description": "Steps for the records no route's condition took." }
        },
        "required": ["routes"],
        "additionalProperties": false
      },
      "branch": {
        "title": "Branch",
        "description": "Send every record down each branch, one branch after the other; the records coming out of their ends go on to the next step.",
        "type": "array",
        "minItems": 1,
        "items": {
          "title": "BranchCase",
          "type": "object",
          "properties": {
            "name": { "$ref": "#/$defs/listName" },
            "steps": { "$ref": "#/$defs/steps" }
          },
          "required": ["name", "steps"],
          "additionalProperties": false
        }
      },
      "try": {
        "title": "Try",
        "description": "Records that fail inside 'steps' (a send refused, an expression that throws) go to the 'catch' steps instead of the run's failed records, with $error ({ step, message, status }) to read. What comes out of both goes on; a record that fails in 'catch' is a failed record.",
        "type": "object",
        "properties": {
          "steps": { "$ref": "#/$defs/steps" },
          "catch": { "$ref": "#/$defs/steps", "description": "Steps for the records that failed, with $error." }
        },
        "required": ["steps", "catch"],
        "additionalProperties": false
      },
      "dedupe": {
        "title": "Dedupe",
        "description": "Drop records whose key was seen within the window, and remember the keys of the records passed on (kept in the engine's store across runs and restarts). Two runs at once never both pass a key; a record that fails later gives its key back.",
        "type": "object",
        "properties": {
          "key": { "description": "A JSONata expression per record: its key (a non-empty string or a number).", "type": "string", "minLength": 1 },
          "mode": { "description": "'filter' drops records seen before, 'track' remembers keys and drops nothing, 'filter-and-track' does both.", "enum": ["filter", "track", "filter-and-track"], "default": "filter-and-track" },
          "window": { "$ref": "#/$defs/duration", "description": "How long a key is remembered.", "default": "90d" },
          "pool": { "description": "A named pool of keys shared by every flow naming it; without one, the keys are this step's own.", "type": "string", "pattern": "^[a-z][a-z0-9-]{0,62}$" }
        },
        "required": ["key"],
        "additionalProperties": false
      },
      "split": {
        "title": "Split",
        "description": "Turn each record into the items of an array it holds (each item a record); the record they came from is readable as $parent in later expressions.",
        "type": "object",
        "properties": {
          "items": { "description": "A JSONata expression per record: its items (an array field such as 'lines'; a single value is one item, nothing is none).", "type": "string", "minLength": 1 },
          "parent": { "description": "A field of each item to copy the whole record into.", "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_-]{0,62}$" }
        },
        "required": ["items"],
        "additionalProperties": false
      },
      "batch": {
        "title": "Batch",
        "description": "Group records into batches of at most 'size' (records of one key together, with 'key'); each batch goes on as one record, the list of its records, so a bulk endpoint's body can be {{record}}. $batch ({ key, size }) is readable in later expressions. A batch that fails keeps each of its records as a failed record at this step. Batches never span the run's chunks (which hold at least 'size' records), so records a filter left few of make smaller batches.",
        "type": "object",
        "properties": {
          "size": { "description": "Records per batch at most.", "type": "integer", "minimum": 1, "maximum": 10000 },
          "key": { "description": "A JSONata expression per record: records with the same key are batched together.", "type": "string", "minLength": 1 }
        },
        "required": ["size"],
        "additionalProperties": false
      },
      "enrich": {
        "title": "Enrich",
        "description": "Call an endpoint of an http instance for each record and put its JSON answer (or what 'select' makes of it) into a field of the record. Requests that are the same within a run share one call; secret values an API echoes are replaced by their placeholders.",
        "type": "object",
        "properties": {
          "instance": { "$ref": "defs.schema.json#/$defs/name", "description": "The instance to call." },
          "endpoint": { "description": "One of its connector's endpoints (a GET, usually).", "type": "string", "minLength": 1 },
          "input": { "$ref": "defs.schema.json#/$defs/scalarMap", "description": "Values of the endpoint's inputs; templates may use {{record.x}}, {{run.x}} and {{vars.x}}." },
          "into": { "description": "The record's field the answer goes into.", "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_-]{0,62}$" },
          "select": { "description": "A JSONata expression over the answer ($record is the record): what goes into the field.", "type": "string", "minLength": 1 },
          "missing": { "description": "A 404: 'fail' the record, 'keep' it as it is, or 'drop' it.", "enum": ["fail", "keep", "drop"], "default": "fail" },
          "concurrency": { "description": "Calls in flight at once.", "type": "integer", "minimum": 1, "maximum": 64, "default": 4 }
        },
        "required": ["instance", "endpoint", "into"],
        "additionalProperties": false
      },
      "runFlow": {
        "title": "RunFlow",
        "description": "Pass the records to another flow as its input: a child run per chunk of records, recorded and linked to this run. With wait (the default) the step waits for the child run: one that fails fails these records; otherwise they go on unchanged.",
        "type": "object",
        "properties": {
          "flow": { "$ref": "defs.schema.json#/$defs/name", "description": "The flow to run (its own trigger is not used)." },
          "wait": { "description": "Wait for the child run's end before the records go on.", "type": "boolean", "default": true }
        },
        "required": ["flow"],
        "additionalProperties": false
      },
      "notify": {
        "title": "Notify",
        "description": "When the run ends with a status 'on' names, post the run's summary as the record of an instance's endpoint (a chat webhook, say): { flow, run, status, records: { in, out, failed }, failures (the first five: step, error), error, message (one sentence) }. Without an instance, the message goes to the engine's log. Records pass through unchanged; a notification that cannot be posted is logged and does not change the run's status.",
        "type": "object",
        "properties": {
          "on": {
            "description": "The run endings to notify: failure (the run failed), partial (records failed), success, always.",
            "type": "array",
            "items": { "enum": ["failure", "partial", "success", "always"] },
            "minItems": 1,
            "uniqueItems": true,
            "default": ["failure"]
          },
          "instance": { "$ref": "defs.schema.json#/$defs/name", "description": "An http instance to post to." },
          "endpoint": { "description": "Its endpoint; its body templates read the summary as {{record.message}}, {{record.status}}, ….", "type": "string", "minLength": 1 },
          "input": { "$ref": "defs.schema.json#/$defs/scalarMap", "description": "Values of the endpoint's inputs (templates may use {{run.x}}, {{record.x}}, {{vars.x}})." }
        },
        "additionalProperties": false
      },
      "cache": {
        "title": "Cache",
        "description": "Store records (or a value) under a key, or read stored values into records: entries kept in the engine's store per run, flow or project until their TTL.",
        "type": "object",
        "properties": {
          "put": {
            "title": "CachePut",
            "description": "Store each record (or the value of 'value') under its key; records go on unchanged.",
            "type": "object",
            "properties": {
              "key": { "description": "A JSONata expression per record: the entry's key (a non-empty string or a number).", "type": "string", "minLength": 1 },
              "value": { "description": "A JSONata expression per record: what to store (the record when absent).", "type": "string", "minLength": 1 },
              "name": { "description": "The cache's name, within its scope.", "type": "string", "pattern": "^[a-z][a-z0-9-]{0,62}$", "default": "default" },
              "scope": { "description": "Whose entries: this run's, this flow's, or the whole project's.", "enum": ["run", "flow", "project"], "default": "flow" },
              "ttl": { "$ref": "#/$defs/duration", "description": "How long an entry is kept.", "default": "7d" },
              "maxEntries": { "description": "Entries the cache may hold (not expired); a put beyond it fails its records, saying the cache is full.", "type": "integer", "minimum": 1, "maximum": 10000000, "default": 100000 }
            },
            "required": ["key"],
            "additionalProperties": false
          },
          "get": {
            "title": "CacheGet",
            "description": "Read the entry of each record's key into a field of the record.",
            "type": "object",
            "properties": {
              "key": { "description": "A JSONata expression per record: the key to read.", "type": "string", "minLength": 1 },
              "into": { "description": "The record's field the value goes into.", "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_-]{0,62}$" },
              "name": { "description": "The cache's name, within its scope.", "type": "string", "pattern": "^[a-z][a-z0-9-]{0,62}$", "default": "default" },
              "scope": { "description": "Whose entries: this run's, this flow's, or the whole project's.", "enum": ["run", "flow", "project"], "default": "flow" },
              "missing": { "description": "A record whose key has no entry: 'keep' it as it is, 'drop' it, or 'fail' it.", "enum": ["keep", "drop", "fail"], "default": "keep" }
            },
            "required": ["key", "into"],
            "additionalProperties": false
          }
        },
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": false
      },
      "endpointCall": {
        "title": "EndpointCall",
        "description": "A call to an endpoint of an instance.",
        "type": "object",
        "properties": {
          "instance": { "$ref": "defs.schema.json#/$defs/name", "description": "The instance to call." },
          "endpoint": { "description": "One of its connector's endpoints.", "type": "string", "minLength": 1 },
          "input": { "$ref": "defs.schema.json#/$defs/scalarMap", "description": "Values of the endpoint's inputs; templates may use {{run.x}} (and {{record.x}} in send)." },
          "concurrency": { "description": "Requests in flight at once (send).", "type": "integer", "minimum": 1, "maximum": 64, "default": 4 }
        },
        "required": ["instance", "endpoint"],
        "additionalProperties": false
      },
      "publish": {
        "title": "Publish",
        "description": "Publish each record as a message through an event instance.",
        "type": "object",
        "properties": {
          "instance": { "$ref": "defs.schema.json#/$defs/name", "description": "An event instance." },
          "exchange": {
            "description": "Exchange to publish to ('' is the default exchange). AMQP names: letters, digits, '-', '_', '.', ':'.",
            "type": "string",
            "maxLength": 255,
            "pattern": "^[A-Za-z0-9_.:-]*$"
          },
          "routingKey": { "description": "Routing key, at most 255 bytes (templates may use {{record.x}}).", "type": "string", "maxLength": 255 }
        },
        "required": ["instance", "exchange", "routingKey"],
        "additionalProperties": false
      }
    }
  },
  "lookup.schema.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://weft.dev/schemas/v1/lookup.schema.json",
    "title": "Lookup",
    "description": "A cross-reference table of left and right values (country codes, status names, account numbers), read in JSONata as $lookup('name', value) and $lookup('name', value, 'reverse').",
    "type": "object",
    "properties": {
      "apiVersion": { "$ref": "defs.schema.json#/$defs/apiVersion" },
      "kind": { "description": "Always 'Lookup'.", "const": "Lookup" },
      "metadata": { "$ref": "defs.schema.json#/$defs/metadata" },
      "spec": {
        "title": "LookupSpec",
        "description": "The table: inline entries, or a CSV file next to the YAML file.",
        "type": "object",
        "properties": {
          "description": { "description": "What the table maps, for people reading it.", "type": "string" },
          "entries": {
            "description": "The table's rows; left values are unique (so are right values, for a table read in reverse).",
            "type": "array",
            "items": {
              "title": "LookupEntry",
              "type": "object",
              "properties": {
                "left": { "description": "The value looked up.", "type": ["string", "number"] },
                "right": { "description": "The value it maps to.", "type": ["string", "number"] }
              },
              "required": ["left", "right"],
              "additionalProperties": false
            }
          },
          "file": {
            "description": "A CSV file, relative to this YAML file: a header row naming the columns, then one row per entry.",
            "type": "string",
            "pattern": "^[^/].*\\.csv$"
          },
          "columns": {
            "title": "LookupColumns",
            "description": "Which CSV columns hold the left and right values (by header name).",
            "type": "object",
            "properties": {
              "left": { "description": "The header of the left column.", "type": "string", "minLength": 1, "default": "left" },
              "right": { "description": "The header of the right column.", "type": "string", "minLength": 1, "default": "right" }
            },
            "additionalProperties": false
          },
          "missing": {
            "description": "A value the table does not hold: 'fail' the record, or give 'default'.",
            "enum": ["fail", "default"],
            "default": "fail"
          },
          "default": { "description": "What a missing value gives, with missing: default.", "type": ["string", "number", "null"] }
        },
        "additionalProperties": false,
        "oneOf": [{ "required": ["entries"] }, { "required": ["file"] }]
      }
    },
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": false
  },
  "test.schema.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://weft.dev/schemas/v1/test.schema.json",
    "title": "Test",
    "description": "A unit test of a flow, run by weft test through the real runtime with no network and no secrets: records in, the answers of each instance's endpoints given, the requests the flow sends and the records it fails expected.",
    "type": "object",
    "properties": {
      "apiVersion": { "$ref": "defs.schema.json#/$defs/apiVersion" },
      "kind": { "description": "Always 'Test'.", "const": "Test" },
      "metadata": { "$ref": "defs.schema.json#/$defs/metadata" },
      "spec": {
        "title": "TestSpec",
        "description": "The flow under test, what it is given, what its endpoints answer, and what is expected.",
        "type": "object",
        "properties": {
          "flow": { "$ref": "defs.schema.json#/$defs/name", "description": "The flow to run." },
          "now": { "description": "The run's clock: its start (ISO 8601), what cache TTLs and dedupe windows are measured from.", "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$", "default": "2026-01-01T00:00:00Z" },
          "given": {
            "title": "TestInput",
            "description": "What the run is given instead of its first step's source: exactly one of records inline, a file of records, a webhook's body or a broker message. Without it, a flow that starts with a receive fetches its records from the responses.",
            "type": "object",
            "properties": {
              "records": { "description": "The records, inline.", "type": "array" },
              "file": { "description": "The records in a file next to the test: a JSON array, or NDJSON (one JSON value a line).", "type": "string", "pattern": "^[^/].*\\.(json|ndjson|jsonl)$" },
              "webhook": { "description": "A webhook's JSON body: the run's one record, as the engine gives it.", "type": ["object", "array"] },
              "message": {
                "title": "TestMessage",
                "description": "A broker message: its JSON body is the run's one record, and its id what idempotency keys and published ids derive from.",
                "type": "object",
                "properties": {
                  "id": { "description": "The message id.", "type": "string", "minLength": 1, "default": "test-message" },
                  "body": { "description": "The message's JSON body." }
                },
                "required": ["body"],
                "additionalProperties": false
              }
            },
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": false
          },
          "state": { "$ref": "#/$defs/state", "description": "Dedupe keys already seen and cache entries already stored when the run starts (as a run before it would have left them)." },
          "responses": {
            "description": "What the endpoints answer. A request takes the first response that matches it; a request no response matches fails the test, naming it.",
            "type": "array",
            "items": {
              "title": "TestResponse",
              "type": "object",
              "properties": {
                "instance": { "$ref": "defs.schema.json#/$defs/name", "description": "The instance called." },
                "endpoint": { "description": "Only requests of this endpoint (any of the instance's, when absent).", "type": "string", "minLength": 1 },
                "request": {
                  "title": "TestRequestMatch",
                  "description": "Only requests like this: each field given must match.",
                  "type": "object",
                  "properties": {
                    "method": { "description": "The HTTP method.", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE"] },
                    "path": { "description": "The URL's path, exactly.", "type": "string", "minLength": 1 },
                    "query": { "description": "Query parameters the URL must have, with these values.", "type": "object", "additionalProperties": { "type": "string" } },
                    "body": { "description": "A JSON body the request's must contain (fields not given are not compared)." }
                  },
                  "additionalProperties": false
                },
                "status": { "description": "The answer's status.", "type": "integer", "minimum": 100, "maximum": 599, "default": 200 },
                "headers": { "description": "The answer's headers.", "type": "object", "additionalProperties": { "type": "string" } },
                "body": { "description": "The answer's body: JSON (a string is sent as it is)." }
              },
              "required": ["instance"],
              "additionalProperties": false
            }
          },
          "expect": {
            "title": "TestExpectation",
            "description": "What the run must do.",
            "type": "object",
            "properties": {
              "status": { "description": "How the run ends.", "enum": ["succeeded", "partial", "failed"] },
              "requests": {
                "description": "The requests sent to endpoints, by instance (and endpoint): their JSON bodies in order.",
                "type": "array",
                "items": {
                  "title": "TestExpectedRequests",
                  "type": "object",
                  "properties": {
                    "instance": { "$ref": "defs.schema.json#/$defs/name", "description": "The instance called." },
                    "endpoint": { "description": "Only requests of this endpoint.", "type": "string", "minLength": 1 },
                    "match": { "description": "'exact': each body equals the expected one; 'partial': each body holds at least the expected fields.", "enum": ["exact", "partial"], "default": "exact" },
                    "bodies": { "description": "The bodies, in the order they were sent (as many as were sent).", "type": "array" }
                  },
                  "required": ["instance", "bodies"],
                  "additionalProperties": false
                }
              },
              "failures": {
                "description": "The records the run fails, in order: their step path and a pattern of their error (a regular expression).",
                "type": "array",
                "items": {
                  "title": "TestExpectedFailure",
                  "type": "object",
                  "properties": {
                    "step": { "description": "The step path ('push', 'by-market/domestic/uk-subsidiary').", "type": "string", "minLength": 1 },
                    "message": { "description": "A regular expression the error must match.", "type": "string" }
                  },
                  "required": ["step"],
                  "additionalProperties": false
                }
              },
              "messages": {
                "description": "The messages publish steps put on a broker, by instance (and exchange, routing key): their JSON bodies in order. Published messages are kept in the test, never sent.",
                "type": "array",
                "items": {
                  "title": "TestExpectedMessages",
                  "type": "object",
                  "properties": {
                    "instance": { "$ref": "defs.schema.json#/$defs/name", "description": "The event instance published to." },
                    "exchange": { "description": "Only messages to this exchange.", "type": "string", "minLength": 1 },
                    "routingKey": { "description": "Only messages with this routing key.", "type": "string" },
                    "match": { "description": "'exact': each body equals the expected one; 'partial': each body holds at least the expected fields.", "enum": ["exact", "partial"], "default": "exact" },
                    "bodies": { "description": "The bodies, in the order they were published (as many as were published).", "type": "array" }
                  },
                  "required": ["instance", "bodies"],
                  "additionalProperties": false
                }
              },
              "state": { "$ref": "#/$defs/state", "description": "Dedupe keys and cache entries after the run: each step listed holds exactly these (those not listed are not compared)." }
            },
            "additionalProperties": false
          }
        },
        "required": ["flow", "expect"],
        "additionalProperties": false
      }
    },
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": false,
    "$defs": {
      "state": {
        "title": "TestState",
        "description": "Dedupe keys and cache entries, by the step that uses them.",
        "type": "object",
        "properties": {
          "dedupe": {
            "description": "Keys of dedupe steps' pools (a named pool, or the step's own).",
            "type": "array",
            "items": {
              "title": "TestDedupeKeys",
              "type": "object",
              "properties": {
                "step": { "description": "The path of a dedupe step of the flow ('skip-seen', 'by-market/domestic/skip-seen').", "type": "string", "minLength": 1 },
                "keys": {
                  "description": "The keys, as the step's key expression gives them (text, or numbers).",
                  "type": "array",
                  "items": { "type": ["string", "number"] }
                }
              },
              "required": ["step", "keys"],
              "additionalProperties": false
            }
          },
          "cache": {
            "description": "Entries of cache steps' caches (by the step's name and scope).",
            "type": "array",
            "items": {
              "title": "TestCacheEntries",
              "type": "object",
              "properties": {
                "step": { "description": "The path of a cache step of the flow (a put or a get of the cache meant).", "type": "string", "minLength": 1 },
                "entries": { "description": "The entries: each key's JSON value.", "type": "object" }
              },
              "required": ["step", "entries"],
              "additionalProperties": false
            }
          }
        },
        "additionalProperties": false
      }
    }
  },
  "weft.schema.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://weft.dev/schemas/v1/weft.schema.json",
    "title": "WeftDocument",
    "description": "Any weft resource document, chosen by its kind.",
    "type": "object",
    "required": ["kind"],
    "discriminator": { "propertyName": "kind" },
    "oneOf": [
      { "$ref": "project.schema.json" },
      { "$ref": "connector.schema.json" },
      { "$ref": "instance.schema.json" },
      { "$ref": "flow.schema.json" },
      { "$ref": "lookup.schema.json" },
      { "$ref": "test.schema.json" }
    ]
  },
};
