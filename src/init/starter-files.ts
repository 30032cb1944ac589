/**
 * The files of a new project: a connector, an instance and a flow that validate and plan, the
 * editor mapping, and the GitHub workflow of examples/github/weft.yml (a test keeps them equal).
 */
export function starterFiles(projectName: string): Record<string, string> {
  return {
    'weft.yaml': `apiVersion: weft/v1
kind: Project
metadata:
  name: ${projectName}
  description: Integrations, as code. weft validate checks them; weft plan shows what would change.
spec:
  # Files here that are not weft resources (test data, say).
  exclude: ["fixtures/**"]
  # A shared engine, instead of the embedded one in .weft/:
  # engine:
  #   url: https://weft.internal.example.com:8080
  #   token: \${env:WEFT_ENGINE_TOKEN}
`,
    'connectors/example-api.yaml': `# A connector describes a system once: its base URL, auth, settings and endpoints.
apiVersion: weft/v1
kind: Connector
metadata:
  name: example-api
  description: An HTTP API with an API key; replace it with a system you integrate.
spec:
  version: 1.0.0
  type: http
  http:
    baseUrl: https://{{settings.host}}/v1
    headers:
      Accept: application/json
    retry: { maxAttempts: 3, on: [429, 503] }
  settings:
    type: object
    properties:
      host: { type: string, description: the API's host name }
    required: [host]
    additionalProperties: false
  credentials:
    apiKey: { description: an API key for the account }
  auth:
    apiKey: { type: apiKey, in: header, name: X-Api-Key, value: "{{credentials.apiKey}}" }
  endpoints:
    listOrders:
      method: GET
      path: /orders
      query: { updated_since: "{{input.since}}" }
      inputs:
        since: { type: string, format: date-time }
      pagination: { type: cursor, param: cursor, cursorPath: meta.nextCursor }
      records: data
    createOrder:
      method: POST
      path: /orders
      body: "{{record}}"
`,
    'instances/example.yaml': `# An instance is one account of a connector: its settings and credentials.
# Credentials are placeholders; store the value with: weft secret set example/api-key < key.txt
apiVersion: weft/v1
kind: Instance
metadata:
  name: example
spec:
  connector: example-api@^1.0
  settings:
    host: api.example.com
  credentials:
    apiKey: \${secret:example/api-key}
`,
    'flows/copy-orders.yaml': `# A flow moves records: receive them, filter and map them, send them on.
apiVersion: weft/v1
kind: Flow
metadata:
  name: copy-orders
  description: New orders, every 15 minutes, copied back as drafts (a starting point).
spec:
  trigger:
    schedule: { cron: "*/15 * * * *", timezone: UTC }
  steps:
    - id: fetch
      receive: { instance: example, endpoint: listOrders, input: { since: "{{run.lastSuccessAt}}" } }
    - id: paid
      filter: status = 'paid'
    - id: draft
      map: |
        { "reference": id, "status": "draft" }
    - id: store
      send: { instance: example, endpoint: createOrder }
`,
    '.gitignore': `# weft's local engine: state, secrets and their key. Never commit it.
.weft/
`,
    '.vscode/settings.json': JSON.stringify(
      {
        // weft reads .yaml and .yml alike: so does the editor.
        'yaml.schemas': {
          './.vscode/weft.schema.json': ['weft.yaml', 'weft.yml', ...['connectors', 'instances', 'flows', 'lookups', 'tests'].flatMap((folder) => [`${folder}/**/*.yaml`, `${folder}/**/*.yml`])],
        },
      },
      null,
      2,
    ) + '\n',
    '.github/workflows/weft.yml': `# weft in GitHub Actions: validate with annotations on the lines a pull request changes, upload
# every diagnostic as SARIF (code scanning), and comment what the pull request changes.
# Copy to .github/workflows/weft.yml. It assumes weft is a devDependency of the repository
# (npm install --save-dev weft-cli) and the project at the repository root; for a project in a
# subfolder, set PROJECT below. \`npx --no\` runs the installed weft only, never one fetched from
# the registry (the always() steps run even when npm ci failed).
name: weft

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read
  actions: read # upload-sarif reads the run's details (needed in private repositories)
  security-events: write # upload the SARIF report
  pull-requests: write # comment the diff

env:
  PROJECT: .

jobs:
  weft:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the base branch, for --changed-since and diff
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - name: Keep weft's cache between runs
        # .weft/cache/: files unchanged since the last run are not parsed or checked again (weft's docs/cache.md).
        uses: actions/cache@v4
        with:
          path: \${{ env.PROJECT }}/.weft/cache
          key: weft-cache-\${{ runner.os }}-\${{ hashFiles('package-lock.json') }}-\${{ github.sha }}
          restore-keys: weft-cache-\${{ runner.os }}-\${{ hashFiles('package-lock.json') }}-

      - name: Validate
        run: npx --no weft validate "$PROJECT" --format github \${BASE_REF:+--changed-since "origin/$BASE_REF"}
        env:
          BASE_REF: \${{ github.base_ref }}

      - name: SARIF report
        if: always()
        run: npx --no weft validate "$PROJECT" --format sarif > weft.sarif || test -s weft.sarif

      - name: Upload SARIF
        # Pull requests from forks get a read-only token: they cannot upload or comment.
        if: always() && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: weft.sarif
          category: weft

      - name: Tests
        # The project's tests (documents of kind Test), offline: no secrets needed.
        run: npx --no weft test "$PROJECT" --format junit > weft-tests.xml

      - name: Test report
        if: always() && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)
        uses: mikepenz/action-junit-report@v4
        with:
          report_paths: weft-tests.xml
          check_name: weft test

      - name: What this pull request changes
        if: always() && github.event_name == 'pull_request'
        run: npx --no weft diff "$PROJECT" --base "origin/$BASE_REF" --format markdown > weft-diff.md
        env:
          BASE_REF: \${{ github.base_ref }}

      - name: Comment the diff
        if: always() && github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository
        # One comment per pull request, edited on every push.
        run: |
          if [ -s weft-diff.md ]; then
            gh pr comment "$PR" --body-file weft-diff.md --edit-last || gh pr comment "$PR" --body-file weft-diff.md
          fi
        env:
          GH_TOKEN: \${{ github.token }}
          PR: \${{ github.event.pull_request.number }}
`,
  };
}
