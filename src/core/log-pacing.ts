// How often a repeated log line is shown. A hold or a bake looks every few seconds, and a
// line such as "Alarms OK at 20%" printed at every look buries the one line that matters
// when someone reads the log under pressure. So a line is shown when what it says changes,
// and otherwise at most once a minute, as a heartbeat that the step is alive; every look
// still reaches the debug log (re-run with debug logging to see them all).

export const HEARTBEAT_MS = 60_000;

export type LineLevel = 'info' | 'debug';

/**
 * A pacer for one stream of lines: `key` is what the line says (without the clock or
 * counters that change every look), `at` the time of the look (epoch ms, from the clock
 * the caller uses).
 */
export function createPacer(heartbeatMs = HEARTBEAT_MS): (key: string, at: number) => LineLevel {
  let shown: { key: string; at: number } | undefined;
  return (key, at) => {
    if (shown && shown.key === key && at - shown.at < heartbeatMs) return 'debug';
    shown = { key, at };
    return 'info';
  };
}
