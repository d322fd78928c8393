// Reads raw inputs the way the runner passes them (INPUT_<NAME>, defaults from action.yml
// already applied by the runner). Parsing and validation are core's.
import { getInput, setSecret } from './runner.js';

export function rawInput(name: string): string {
  return getInput(name);
}

/** Masks a secret input before anything can log it. */
export function secretInput(name: string): string {
  const value = rawInput(name);
  if (value) setSecret(value);
  return value;
}
