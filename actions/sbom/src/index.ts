import { run } from '../../../lib/runtime/run.js';
import { main } from './main.js';

await run(main);
