import type { CliContext } from './cli-context';

/**
 * Reads one secret from standard input, never from the command line (where it would sit in the
 * shell history and in every process listing). A terminal gets a prompt with echo off; a pipe
 * is read to its end and the trailing newline dropped.
 */
export async function readSecret(context: CliContext, prompt: string): Promise<string> {
  const { stdin } = context;
  if (stdin.isTTY === true && stdin.setRawMode !== undefined) return readFromTerminal(context, prompt);
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8').trim();
}

function readFromTerminal(context: CliContext, prompt: string): Promise<string> {
  const { stdin, stderr } = context;
  stderr.write(prompt);
  stdin.setRawMode?.(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error === undefined) resolve(typed.trim());
      else reject(error);
    };
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString()) {
        if (character === '\r' || character === '\n' || character === '\u0004') return finish();
        if (character === '\u0003') return finish(new Error('cancelled'));
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else typed += character;
      }
    };
    stdin.on('data', onData);
  });
}
