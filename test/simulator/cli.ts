/**
 * Runs the Venice simulator until Ctrl-C:
 *   npx tsx test/simulator/cli.ts [--port N] [--seed demo] [--json]
 * With `--seed demo` it seeds the demo account and prints its synthetic ADMIN key and demo
 * wallet. `--json` prints one JSON line instead (for scripts).
 */
import { parseArgs } from 'node:util';
import { seedDemo, startSimulator } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port needs a port number, got ${values.port}`);
  if (values.seed !== undefined && values.seed !== 'demo')
    throw new Error(`--seed knows only "demo", got ${values.seed}`);

  const sim = await startSimulator({ port });
  const seed = values.seed === 'demo' ? seedDemo(sim) : null;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (values.json) {
    out(
      JSON.stringify({
        origin: sim.origin,
        apiBase: sim.apiBase,
        rpcUrl: sim.rpcUrl,
        siteUrl: sim.siteUrl,
        seed,
      }),
    );
  } else {
    out('Venice simulator running (synthetic data; Ctrl-C to stop)');
    out(`  origin    ${sim.origin}`);
    out(`  apiBase   ${sim.apiBase}`);
    out(`  rpcUrl    ${sim.rpcUrl}`);
    out(`  siteUrl   ${sim.siteUrl}`);
    out(`  control   ${sim.origin}/_control/<operation>`);
    if (seed) {
      out('Demo account');
      out(`  ADMIN key        ${seed.adminKey}`);
      out(`  demo wallet      ${seed.wallet.address} (${seed.wallet.stakedVvv} sVVV staked)`);
      out(`  wallet test key  ${seed.wallet.privateKey}  (synthetic; never fund it)`);
      out(`  unstaked wallet  ${seed.unstakedWallet.address}  key ${seed.unstakedWallet.privateKey}`);
    }
  }

  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
