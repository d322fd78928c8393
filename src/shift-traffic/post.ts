// Entry point of the shift-traffic post step's bundle: restores an interrupted shift.
import { post } from './cleanup.js';

await post();
