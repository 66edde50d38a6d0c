// The thread that writes a suite worker's Allure results (started by allureResults.ts): builds each
// posted case's result with allure-js-commons' runtime and writes its files in place; answers a flush
// once everything posted before it is written, with the first error if a file could not be.
import { parentPort, workerData } from 'node:worker_threads';
import { ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import { UnsyncedWriter, writeAllureCase, type FromAllureThread, type ToAllureThread } from './allureResults.ts';

const writer = new UnsyncedWriter((workerData as { dir: string }).dir, true);
const runtime = new ReporterRuntime({ writer });

parentPort!.on('message', (m: ToAllureThread) => {
  if (m.kind === 'case') return writeAllureCase(runtime, m.case);
  writer.flushed().then(
    () => parentPort!.postMessage({ kind: 'flushed', id: m.id } satisfies FromAllureThread),
    (e: Error) => parentPort!.postMessage({ kind: 'flushed', id: m.id, error: e.message } satisfies FromAllureThread),
  );
});
