// The entry point only starts the action; everything lives in main.ts's run().
import { runStep } from '../adapters/step.js';
import { run } from './main.js';

void runStep(run);
