import { missingCaseError } from './assert';
import { cliUsage, describeSimulator, parseCliArguments } from './cli-options';
import { startSimulator } from './start-simulator';

/** Starts the simulator from the command line and keeps it up until SIGINT or SIGTERM. */
export async function runSimulatorCli(argv: readonly string[]): Promise<number> {
  const parsed = parseCliArguments(argv);
  switch (parsed.kind) {
    case 'help':
      console.log(cliUsage);
      return 0;
    case 'invalid':
      console.error(`${parsed.message}\n${cliUsage}`);
      return 2;
    case 'run':
      break;
    default:
      throw missingCaseError(parsed);
  }
  const simulator = await startSimulator({ port: parsed.port, strict: parsed.strict });
  console.log(describeSimulator(simulator));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await simulator.close();
  return 0;
}

runSimulatorCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`The simulator could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
