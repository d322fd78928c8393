// Entry point of the shift-traffic post step's bundle: restores an interrupted shift.
import { runStep } from '../adapters/step.js';
import { post } from './cleanup.js';

await runStep(post);
