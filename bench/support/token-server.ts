/**
 * The local token server of the grant benchmark: the Kaisa simulator (it signs a fresh HS256 JWT per
 * grant, as a real token endpoint does), in a process of its own so that its work does not share the
 * event loop of the client being measured. Prints its token URL as one line of JSON; stops when its
 * stdin closes.
 */
import { startKaisaSimulator } from '../../test/fixtures/simulators/kaisa.ts';

const simulator = await startKaisaSimulator();
process.stdout.write(`${JSON.stringify({ tokenUrl: simulator.tokenUrl })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void simulator.close().then(() => process.exit(0));
});
