/**
 * Child-process entry for the feed benchmark: runs the simulator in its own process so
 * the collector's CPU figure is the collector's alone and the two do not share one event
 * loop (on loopback the venue would otherwise slow the client it is measuring). Options
 * arrive as JSON in argv[2]; requests come over IPC (see sim-process.ts).
 */
import { ALL_SYMBOLS, startSimulator, type SimulatorOptions } from '../../src/data/simulator/index.js';
import type { SimRequest, SimReply } from './sim-process.js';

async function serve(): Promise<void> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as Partial<SimulatorOptions>;
  // Every market starts paused: trades flow only once the client is subscribed, so the
  // ledger counts exactly what the collector could have received.
  const sim = await startSimulator({ port: 0, seed: 1, ...opts, faults: { pausedSymbols: [...ALL_SYMBOLS] } });
  const send = (m: SimReply): void => void process.send?.(m);
  process.on('message', (req: SimRequest) => {
    if (req.op === 'pause' || req.op === 'resume') for (const s of sim.symbols) sim.control[req.op](s);
    if (req.op === 'stop') {
      void sim.stop().then(() => {
        send({ id: req.id, count: sim.ledger.count(), cpuMs: cpuMs() });
        process.disconnect();
      });
      return;
    }
    send({ id: req.id, count: sim.ledger.count(), cpuMs: cpuMs() });
  });
  send({ id: 0, count: 0, cpuMs: cpuMs(), wsUrl: sim.wsUrl, apiUrl: sim.apiUrl, symbols: sim.symbols });
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

serve().catch((err: unknown) => {
  process.stderr.write(`sim-child: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
