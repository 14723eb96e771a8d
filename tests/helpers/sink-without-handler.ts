// A script with no signal handler of its own (as the benchmark is) that imports the whole
// stack, as scripts do (which brings in a library's signal-exit hook), and starts the mail
// sink; prints its PIDs, then waits until it is signalled.
import { startMailSink } from '../../harness/mail/sink/mail-sink.js';
import '../../harness/stack/start-stack.js';

const sink = await startMailSink();
console.log(JSON.stringify({ pids: sink.pids(), sigintListeners: process.listenerCount('SIGINT') }));
setInterval(() => undefined, 1 << 30); // alive until a signal ends it
