#!/usr/bin/env node
// The weft command: the bundled CLI built by `npm run build` (run by `npm install`).
import '../dist/weft.js';
