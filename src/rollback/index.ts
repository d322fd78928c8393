// Entry point of the rollback action's bundle.
import { run } from './main.js';

await run();
