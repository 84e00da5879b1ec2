import { run } from '../../../lib/runtime/run.js';
import { main } from './main.js';
import { post } from './post.js';

await run(main, post);
