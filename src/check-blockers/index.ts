// The entry point only starts the action; everything lives in main.ts's run().
import { run } from './main.js';

void run();
