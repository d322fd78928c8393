// The runner cancels a job with SIGINT, then SIGTERM 7.5 s later, then kills the process
// tree 2.5 s after that. Turning the first signal into an AbortSignal lets a waiting
// action stop sleeping at once and restore the alias inside that window.
export function cancellationSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => () => {
    if (!controller.signal.aborted) controller.abort(`received ${name}`);
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
