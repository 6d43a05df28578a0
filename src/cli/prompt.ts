import { createInterface } from 'node:readline';

/**
 * Asks for a secret on the terminal without echoing it. Without a terminal there is nobody to
 * ask: the caller names the environment variable to use instead.
 */
export function promptSecret(question: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput.bind(rl);
    let asked = false;
    // readline echoes what is typed through this method; after the question, it echoes nothing.
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text: string) => {
      if (!asked) write(text);
    };
    rl.question(question, (answer) => {
      process.stderr.write('\n');
      rl.close();
      resolve(answer);
    });
    asked = true;
  });
}
