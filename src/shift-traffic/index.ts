// Entry point of the shift-traffic action's main bundle.
import { runStep } from '../adapters/step.js';
import { run } from './main.js';

await runStep(run);
