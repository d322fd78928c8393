// Reads raw inputs the way the runner passes them (INPUT_<NAME>, defaults from action.yml
// already applied by the runner). Parsing and validation are core's.
import * as core from '@actions/core';

export function rawInput(name: string): string {
  return core.getInput(name, { trimWhitespace: true });
}

/** Masks a secret input before anything can log it. */
export function secretInput(name: string): string {
  const value = rawInput(name);
  if (value) core.setSecret(value);
  return value;
}
