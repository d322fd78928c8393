// Entry point of the shift-traffic action's main bundle.
import { run } from './main.js';

await run();
