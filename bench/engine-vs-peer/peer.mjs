// Peer side of bench/engine-vs-peer: runs the 企业开办 diagram on the npm bpmn-engine (25.x), N instances one after
// another, completing every user task as soon as it waits. Prints `peer: X instances/s` as its last line.
//
// Usage: node peer.mjs [N] [--seconds T] [--warmup W] [--mode sourceContext|moddleContext|source] [--logger debug|silent]
//   N          instances to time (default 1000); with --seconds T, keep going until T seconds have passed (at least N)
//   --warmup   untimed instances first so V8 has optimised the hot paths (default 200)
//   --mode     how each new Engine gets the diagram (default sourceContext, the fastest; see docs/benchmarks.md):
//                sourceContext  parsed + serialised once; every Engine gets the same serialised context
//                moddleContext  parsed once; every Engine re-serialises the moddle context
//                source         XML every time (parses per instance: a reference figure, not "parse once")
//   --logger   debug (bpmn-engine's default `debug` logger, off unless DEBUG is set) or silent (no-op functions)
import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { Engine } from 'bpmn-engine';
import BpmnModdle from 'bpmn-moddle';
import * as Elements from 'bpmn-elements';
import { Serializer, TypeResolver } from 'moddle-context-serializer';

const here = dirname(fileURLToPath(import.meta.url));
const engineVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'bpmn-engine', 'package.json'), 'utf8')).version;

const PROCESS_ID = 'Process_QiyeKaiban';
const CONDITIONAL_FLOW = 'Flow_NeedsBank';
// bpmn-engine's own expression syntax (bpmn-elements Expressions): a ${path} resolved against the execution message,
// whose environment carries the variables passed to execute().
const PEER_CONDITION = '${environment.variables.needsBankAccount}';
const EXPECTED = {
  true: ['StartEvent_Apply', 'Task_Name', 'Gateway_Fork', 'Task_Seal', 'Task_Tax', 'Task_Social', 'Gateway_Join',
    'Gateway_BankChoice', 'Task_Bank', 'Gateway_BankMerge', 'Task_Delivery', 'EndEvent_Done'],
  false: ['StartEvent_Apply', 'Task_Name', 'Gateway_Fork', 'Task_Seal', 'Task_Tax', 'Task_Social', 'Gateway_Join',
    'Gateway_BankChoice', 'Gateway_BankMerge', 'Task_Delivery', 'EndEvent_Done'],
};
const USER_TASKS = { true: 6, false: 5 };

function parseArgs(argv) {
  const opts = { n: 1000, seconds: 0, warmup: 200, mode: 'sourceContext', logger: 'debug' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--seconds') opts.seconds = Number(value());
    else if (a === '--warmup') opts.warmup = Number(value());
    else if (a === '--mode') opts.mode = value();
    else if (a === '--logger') opts.logger = value();
    else if (/^\d+$/.test(a)) opts.n = Number(a);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!['sourceContext', 'moddleContext', 'source'].includes(opts.mode)) throw new Error(`unknown mode ${opts.mode}`);
  if (!['debug', 'silent'].includes(opts.logger)) throw new Error(`unknown logger ${opts.logger}`);
  if (!(opts.n > 0) || !(opts.warmup >= 0) || !(opts.seconds >= 0)) throw new Error('N must be > 0, --warmup and --seconds >= 0');
  return opts;
}

// Parses the shared diagram once and gives it the peer's form of the one FEEL condition (see the header of
// qiye-kaiban.bpmn). Returns the XML with that body replaced too, for --mode source.
async function loadDiagram() {
  const xml = readFileSync(join(here, 'qiye-kaiban.bpmn'), 'utf8');
  const conditions = [...xml.matchAll(/<bpmn:conditionExpression\b[^>]*>([^<]*)<\/bpmn:conditionExpression>/g)];
  if (conditions.length !== 1) throw new Error(`expected exactly one conditionExpression, found ${conditions.length}`);
  const peerXml = xml.replace(conditions[0][0], conditions[0][0].replace(conditions[0][1], PEER_CONDITION));

  const moddleContext = await new BpmnModdle().fromXML(xml);
  if (moddleContext.warnings.length) throw new Error(`bpmn-moddle warnings: ${moddleContext.warnings.map(String).join('; ')}`);
  const flow = moddleContext.elementsById[CONDITIONAL_FLOW];
  if (!flow?.conditionExpression) throw new Error(`${CONDITIONAL_FLOW} has no condition`);
  flow.conditionExpression.body = PEER_CONDITION;

  // Same type resolution bpmn-engine applies to `source`/`moddleContext`: bpmn-elements behaviours.
  const sourceContext = Serializer(moddleContext, TypeResolver({ ...Elements }));
  return { peerXml, moddleContext, sourceContext };
}

const silentLog = () => {};
const SilentLogger = () => ({ debug: silentLog, warn: silentLog, error: silentLog });

function makeRunner(diagram, opts) {
  const engineSource =
    opts.mode === 'sourceContext' ? { sourceContext: diagram.sourceContext }
      : opts.mode === 'moddleContext' ? { moddleContext: diagram.moddleContext }
        : { source: diagram.peerXml };
  const loggerOption = opts.logger === 'silent' ? { Logger: SilentLogger } : {};

  // One listener for every instance: each wait (a user task here) is completed at once.
  let waits = 0;
  const listener = new EventEmitter();
  listener.on('wait', (api) => {
    waits++;
    api.signal();
  });

  return function runOne(needsBankAccount, trace) {
    waits = 0;
    let runListener = listener;
    if (trace) {
      runListener = new EventEmitter();
      runListener.on('wait', (api) => {
        waits++;
        api.signal();
      });
      runListener.on('activity.start', (api) => trace.push(api.id));
    }
    return new Promise((resolve, reject) => {
      const engine = new Engine({ name: 'qiye-kaiban', ...engineSource, ...loggerOption });
      engine.execute({ listener: runListener, variables: { needsBankAccount } }, (err, execution) => {
        if (err) return reject(err);
        if (execution.state !== 'idle') return reject(new Error(`instance did not end: state ${execution.state}`));
        if (waits !== USER_TASKS[needsBankAccount]) {
          return reject(new Error(`needsBankAccount=${needsBankAccount}: ${waits} user tasks, expected ${USER_TASKS[needsBankAccount]}`));
        }
        resolve();
      });
    });
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const diagram = await loadDiagram();
  const runOne = makeRunner(diagram, opts);

  // Correctness once per branch, with a trace of started activities.
  for (const needs of [true, false]) {
    const trace = [];
    await runOne(needs, trace);
    const expected = EXPECTED[needs];
    if (trace.join(',') !== expected.join(',')) {
      throw new Error(`needsBankAccount=${needs}: trace ${trace.join(',')} != ${expected.join(',')}`);
    }
  }

  for (let i = 0; i < opts.warmup; i++) await runOne(i % 2 === 0);

  const deadline = opts.seconds * 1000;
  let done = 0;
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  let elapsed = 0;
  while (done < opts.n || elapsed < deadline) {
    await runOne(done % 2 === 0); // alternate needsBankAccount true / false
    done++;
    elapsed = performance.now() - started;
  }

  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = done / (elapsed / 1000);
  console.log(`peer: bpmn-engine ${engineVersion} on node ${process.version}, mode ${opts.mode}, logger ${opts.logger}, ` +
    `warm-up ${opts.warmup}, timed ${done} instances in ${(elapsed / 1000).toFixed(2)} s ` +
    `(${((elapsed * 1000) / done).toFixed(1)} µs/instance)`);
  // Process CPU time (all threads, GC helpers included): steadier than wall time when the machine is shared.
  console.log(`peer: cpu ${cpuSeconds.toFixed(2)} s, ${(done / cpuSeconds).toFixed(1)} instances/cpu-s`);
  console.log(`peer: ${rate.toFixed(1)} instances/s`);
}

main().catch((err) => {
  console.error(`peer: FAILED: ${err?.stack ?? err}`);
  process.exit(1);
});
