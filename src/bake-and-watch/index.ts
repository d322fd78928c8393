import { runStep } from '../adapters/step.js';
import { run } from './main.js';

await runStep(run);
