// The demo's live timeline: every line stamped with seconds since the demo started and
// the step it came from, workflow commands shown the way the GitHub UI shows them.
const start = Date.now();

export function stamp(): string {
  return `+${((Date.now() - start) / 1000).toFixed(1).padStart(5)}s`;
}

export function say(step: string, text: string): void {
  console.log(`${stamp()}  ${step.padEnd(16)} ${text}`);
}

export function heading(text: string): void {
  console.log(`\n${stamp()}  ── ${text} ${'─'.repeat(Math.max(0, 70 - text.length))}`);
}

/** An action's output line, or undefined when it is runner plumbing not worth showing. */
export function presentLine(line: string): string | undefined {
  const command = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line);
  if (command) return `${command[1].toUpperCase()}: ${unescape(command[2])}`;
  if (line.startsWith('::')) return undefined;
  if (line.trim() === '') return undefined;
  return line;
}

function unescape(text: string): string {
  return text.replace(/%0A/g, ' ').replace(/%0D/g, '').replace(/%25/g, '%');
}
