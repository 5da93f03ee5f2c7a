// Child process for the kill -9 test: runs one build with the replay tools and prints its run id.
// Started as `node --import tsx build-child.ts <projectDir>`; the test SIGKILLs it mid-step.
import { runBuild } from '../../../src-main/toolchain/build';
import { replayTools } from './helpers';

const projectDir = process.argv[2];
await runBuild({
  projectDir,
  steps: ['generate', 'csim', 'csynth', 'reports'],
  tools: replayTools(),
  onEvent: (e) => { if (e.type === 'run') process.stdout.write(`run ${e.run.id} ${e.run.status}\n`); },
});
