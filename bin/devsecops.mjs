#!/usr/bin/env node
// The local command line: `devsecops help`. The bundle beside it is built from bin/src.
import './dist/index.js';
